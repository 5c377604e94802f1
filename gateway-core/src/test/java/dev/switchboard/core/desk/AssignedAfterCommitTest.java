package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code assigned} reaches the desk only once the assignment is committed: a leader killed before its save
 * would otherwise leave an agent holding a conversation that the next leader, rebuilt from the store, does
 * not give them (and whose replies it refuses).
 */
class AssignedAfterCommitTest {

  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        offerTimeout: 5m
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { sms: 50 } }
      """).adapters(SMS).build();

  @Test
  void assignedWaitsUntilTheAssignmentIsCommitted() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), "alice-token");
        Connection other = database()) {
      ConversationId id = gateway.inboundSms("where is my refund?");
      alice.next(of("offer", id), "offer");

      try (Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // holds SQLite's write lock: the router's save waits behind it
      }
      alice.send(frame("accept").put("conversationId", id.value()));

      assertThat(alice.drain(Duration.ofMillis(1500))).noneMatch(of("assigned", id));
      assertThat(assignee(other, id)).isNull();
      try (Statement s = other.createStatement()) {
        s.execute("ROLLBACK");
      }

      JsonNode assigned = alice.next(of("assigned", id), "assigned");
      assertThat(assigned.path("conversation").path("assignee").asText()).isEqualTo("alice");
      assertThat(assignee(other, id)).isEqualTo("alice");
    }
  }

  @Test
  void anAssignmentThatWasNeverSavedNeverReachesTheDesk() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), "alice-token");
        Connection other = database()) {
      ConversationId id = gateway.inboundSms("my card was charged twice");
      alice.next(of("offer", id), "offer");
      try (Statement s = other.createStatement()) {
        // The save fails as a deposed leader's does when the new term refuses it.
        s.execute("CREATE TRIGGER refuse_assignment BEFORE UPDATE OF assignee ON conversations "
            + "WHEN NEW.assignee IS NOT NULL AND NEW.id = '" + id.value() + "' "
            + "BEGIN SELECT RAISE(ABORT, 'assignment refused (test fault)'); END");
      }
      try {
        alice.send(frame("accept").put("conversationId", id.value()));

        assertThat(alice.drain(Duration.ofMillis(1500))).noneMatch(of("assigned", id));
        assertThat(assignee(other, id)).isNull();
      } finally {
        try (Statement s = other.createStatement()) {
          s.execute("DROP TRIGGER refuse_assignment");
        }
      }
    }
  }

  private static Predicate<JsonNode> of(String type, ConversationId id) {
    return f -> f.path("type").asText().equals(type) && (f.path("conversationId").asText().equals(id.value())
        || f.path("conversation").path("id").asText().equals(id.value()));
  }

  private static Connection database() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.dir().resolve("data/switchboard.db"));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  private static String assignee(Connection c, ConversationId id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT assignee FROM conversations WHERE id = ?")) {
      p.setString(1, id.value());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
