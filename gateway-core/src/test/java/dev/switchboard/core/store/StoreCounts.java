package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Counts read on a store's reader threads, for tests that check which rows a write left. */
final class StoreCounts {

  private StoreCounts() {}

  /** The single number {@code sql}, which has no parameter, selects. */
  static long count(Stores stores, String sql) {
    return await(stores.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }));
  }

  /** The single number {@code sql} selects, with {@code arg} bound to its one parameter. */
  static long count(Stores stores, String sql, String arg) {
    return await(stores.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, arg);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }));
  }
}
