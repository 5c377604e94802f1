package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for what channels keep beside messages: opt-outs per pair of addresses, held delivery updates. */
final class ChannelRows {

  private ChannelRows() {}

  private record Held(DeliveryStatus status, String detail) {}

  // ---- opt-outs ----

  static Optional<OptOutState> optOut(Connection c, Channel channel, String customer, String ours)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT opted_out, changed_at FROM opt_outs "
        + "WHERE channel = ? AND customer_address = ? AND our_address = ?");
    ps.setString(1, channel.name());
    ps.setString(2, customer);
    ps.setString(3, ours);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(new OptOutState(rs.getBoolean(1), Columns.instant(rs, "changed_at")))
          : Optional.empty();
    }
  }

  /** Writes the choice unless one made at the same time or later is stored; returns what is in force. */
  static OptOutState recordOptOut(Connection c, Channel channel, String customer, String ours, OptOutState choice)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO opt_outs (channel, customer_address, our_address, "
        + "opted_out, changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, customer_address, our_address) "
        + "DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at "
        + "WHERE excluded.changed_at > opt_outs.changed_at");
    ps.setString(1, channel.name());
    ps.setString(2, customer);
    ps.setString(3, ours);
    ps.setBoolean(4, choice.optedOut());
    Columns.setInstant(ps, 5, choice.changedAt());
    ps.executeUpdate();
    return optOut(c, channel, customer, ours).orElseThrow();
  }

  // ---- held delivery updates ----

  static void hold(Connection c, Channel channel, String externalId, DeliveryStatus status, String detail,
      Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO held_delivery_updates (id, channel, external_id, "
        + "delivery, detail, received_at) VALUES (?, ?, ?, ?, ?, ?)");
    ps.setString(1, Ids.next());
    ps.setString(2, channel.name());
    ps.setString(3, externalId);
    ps.setString(4, status.name());
    Columns.setString(ps, 5, detail);
    Columns.setInstant(ps, 6, now);
    ps.executeUpdate();
  }

  /**
   * Applies, in the order they arrived, the updates held for the message's external id (each only if it
   * moves the message forward), deletes them, and returns the message as it now is.
   */
  static Message applyHeld(Connection c, Message message) throws SQLException {
    if (message.externalId() == null) {
      return message;
    }
    String channel;
    PreparedStatement ps = Statements.prepare(c, "SELECT channel FROM messages WHERE id = ?");
    ps.setString(1, message.id().value());
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      channel = rs.getString(1);
    }
    List<Held> held = new ArrayList<>();
    ps = Statements.prepare(c, "SELECT delivery, detail FROM held_delivery_updates "
        + "WHERE channel = ? AND external_id = ? ORDER BY id");
    ps.setString(1, channel);
    ps.setString(2, message.externalId());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        held.add(new Held(DeliveryStatus.valueOf(rs.getString(1)), rs.getString(2)));
      }
    }
    if (held.isEmpty()) {
      return message;
    }
    DeliveryStatus current = message.delivery();
    for (Held h : held) {
      if (current.advancesTo(h.status())) {
        MessageRows.setDelivery(c, message.id(), h.status(), h.detail(), null);
        current = h.status();
      }
    }
    ps = Statements.prepare(c,
        "DELETE FROM held_delivery_updates WHERE channel = ? AND external_id = ?");
    ps.setString(1, channel);
    ps.setString(2, message.externalId());
    ps.executeUpdate();
    return MessageRows.byId(c, message.id()).orElseThrow();
  }

  /** The distinct external ids with held updates on {@code channel}. */
  static List<String> heldExternalIds(Connection c, Channel channel) throws SQLException {
    List<String> out = new ArrayList<>();
    PreparedStatement ps = Statements.prepare(c,
        "SELECT DISTINCT external_id FROM held_delivery_updates WHERE channel = ?");
    ps.setString(1, channel.name());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Deletes the updates of {@code channel} held since before {@code cutoff}; returns how many. */
  static int dropHeldBefore(Connection c, Channel channel, Instant cutoff) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "DELETE FROM held_delivery_updates WHERE channel = ? AND received_at < ?");
    ps.setString(1, channel.name());
    Columns.setInstant(ps, 2, cutoff);
    return ps.executeUpdate();
  }
}
