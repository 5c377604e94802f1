package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbound message's look-up of its sender's open thread ({@link SenderThread#SQL}) walks that thread's
 * conversations, newest first, through V18's conversations_by_thread_newest; with V1's index alone SQLite's
 * planner took conversations_by_contact and walked all of the contact's conversations to avoid a sort.
 */
class SqliteThreadIndexTest {

  @TempDir
  Path dir;

  @Test
  void theSenderLookUpSearchesTheThreadNewestFirstWithoutASort() throws Exception {
    try (Database db = Database.sqlite(dir.resolve("s.db"), 1); Connection c = db.writeConnection()) {
      List<String> plan = plan(c, SenderThread.SQL);

      assertThat(plan).anySatisfy(step -> assertThat(step)
          .contains("conversations_by_thread_newest (channel=? AND contact_id=? AND thread_key=?)"));
      assertThat(plan).noneSatisfy(step -> assertThat(step).contains("conversations_by_contact"));
      assertThat(plan).noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE FOR ORDER BY"));
    }
  }

  private static List<String> plan(Connection c, String sql) throws Exception {
    List<String> steps = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
      while (rs.next()) {
        steps.add(rs.getString("detail"));
      }
    }
    return steps;
  }
}
