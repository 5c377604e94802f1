package dev.switchboard.core.store;

import dev.switchboard.core.model.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * SQL for small attachments' content (V19's {@code blobs}, one row per SHA-256): written in the transaction of
 * the message or upload that names it, before its attachment row, so the commit that makes the message
 * durable makes its content durable too.
 */
final class BlobRows {

  private BlobRows() {}

  /** Inserts the content of each {@link Blob.Bytes} in {@code blobs} unless its SHA-256 is stored already. */
  static void insert(Connection c, List<? extends Blob> blobs) throws SQLException {
    for (Blob b : blobs) {
      insert(c, b);
    }
  }

  /** As {@link #insert(Connection, List)} for one; a {@link Blob.Stored} writes nothing. */
  static void insert(Connection c, Blob blob) throws SQLException {
    if (blob instanceof Blob.Bytes bytes) {
      // Same bytes, same address: a second message naming them finds the row and adds nothing.
      PreparedStatement ps = Statements.prepare(c,
          "INSERT INTO blobs (sha256, content) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING");
      ps.setString(1, bytes.ref().sha256());
      ps.setBytes(2, bytes.content());
      ps.executeUpdate();
    }
  }

  /** The content stored under {@code sha256}, if it is in the database (small and stored since V19). */
  static Optional<byte[]> content(Connection c, String sha256) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT content FROM blobs WHERE sha256 = ?");
    ps.setString(1, sha256);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
    }
  }
}
