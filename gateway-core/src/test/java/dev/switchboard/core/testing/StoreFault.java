package dev.switchboard.core.testing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A second connection to a running gateway's SQLite file, for tests that look at what was committed or
 * make the store fail for real: {@link #refuseMessages()} installs a trigger that aborts every insert into
 * {@code messages}, so the gateway's own transaction fails as it would on a full disk;
 * {@link #refuseAssigning()} one that aborts every save giving a conversation an assignee,
 * {@link #refuseSaving} one that aborts every save of one conversation; {@link #heal()}
 * and {@link #close()} remove them. Reads see only committed rows, which is what makes "acknowledged only after commit"
 * checkable without waiting.
 */
public final class StoreFault implements AutoCloseable {

  private static final String TRIGGER = "switchboard_test_store_down";
  private static final String ASSIGN_TRIGGER = "switchboard_test_assign_down";

  private static final String SAVE_TRIGGER = "switchboard_test_save_down_";

  private final Connection connection;
  private final List<String> refusedSaves = new ArrayList<>();

  private StoreFault(Connection connection) {
    this.connection = connection;
  }

  public static StoreFault on(Path sqliteFile) throws SQLException {
    requireNonNull(sqliteFile, "sqliteFile");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return new StoreFault(c);
  }

  /** From now on every insert into {@code messages} fails, until {@link #close()}. */
  public StoreFault refuseMessages() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TRIGGER IF NOT EXISTS " + TRIGGER + " BEFORE INSERT ON messages "
          + "BEGIN SELECT RAISE(ABORT, 'store down (test fault)'); END");
    }
    return this;
  }

  /** From now on every save that gives a conversation an assignee fails, until {@link #heal()}. */
  public StoreFault refuseAssigning() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TRIGGER IF NOT EXISTS " + ASSIGN_TRIGGER + " BEFORE UPDATE ON conversations "
          + "WHEN NEW.assignee IS NOT NULL BEGIN SELECT RAISE(ABORT, 'store down (test fault)'); END");
    }
    return this;
  }

  /** From now on every save of the conversation {@code id} fails, until {@link #heal()}; other conversations save. */
  public StoreFault refuseSaving(ConversationId id) throws SQLException {
    requireNonNull(id, "id");
    // Trigger names and bodies take no parameters; an id is 26 letters and digits (Ids), checked here.
    if (!id.value().matches("[0-9A-Za-z]+")) {
      throw new IllegalArgumentException("id: " + id + " (expected: letters and digits)");
    }
    String trigger = SAVE_TRIGGER + id.value();
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TRIGGER IF NOT EXISTS " + trigger + " BEFORE UPDATE ON conversations "
          + "WHEN OLD.id = '" + id.value() + "' BEGIN SELECT RAISE(ABORT, 'store down (test fault)'); END");
    }
    refusedSaves.add(trigger);
    return this;
  }

  /** Removes the faults: the store works again. */
  public void heal() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS " + TRIGGER);
      s.execute("DROP TRIGGER IF EXISTS " + ASSIGN_TRIGGER);
      for (String trigger : refusedSaves) {
        s.execute("DROP TRIGGER IF EXISTS " + trigger);
      }
    }
    refusedSaves.clear();
  }

  /** How many committed inbound messages have exactly this body. */
  public int inboundWithBody(String body) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(
        "SELECT count(*) FROM messages WHERE direction = 'IN' AND body = ?")) {
      p.setString(1, body);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      heal();
    } finally {
      connection.close();
    }
  }
}
