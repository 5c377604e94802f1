package dev.switchboard.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frames of a SQLite WAL file, read from the file itself: one frame is one page written by one commit
 * (SQLite appends a frame per dirty page per commit; a checkpoint that resets the WAL starts a new salt).
 * Used by {@link IngestPages}: deterministic, unlike any timing.
 */
final class WalFrames {

  private static final int WAL_HEADER = 32;
  private static final int FRAME_HEADER = 24;

  private WalFrames() {}

  /** The page numbers of the WAL's valid frames, in order (those of the current salt). */
  static List<Integer> pages(Path database) throws IOException {
    Path wal = database.resolveSibling(database.getFileName() + "-wal");
    List<Integer> pages = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(WAL_HEADER);
      if (ch.read(header, 0) < WAL_HEADER) {
        return pages;
      }
      int pageSize = header.getInt(8);
      int salt1 = header.getInt(16);
      int salt2 = header.getInt(20);
      ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER);
      for (long at = WAL_HEADER; at + FRAME_HEADER + pageSize <= ch.size(); at += FRAME_HEADER + pageSize) {
        frame.clear();
        ch.read(frame, at);
        if (frame.getInt(8) != salt1 || frame.getInt(12) != salt2) {
          break;
        }
        pages.add(frame.getInt(0));
      }
    }
    return pages;
  }

  /** Which b-tree (table or index, by name) each page of the database belongs to now, by SQLite's dbstat. */
  static Map<Integer, String> owners(Path database) throws SQLException {
    Map<Integer, String> owners = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, pageno FROM dbstat")) {
      while (rs.next()) {
        owners.put(rs.getInt(2), rs.getString(1));
      }
    }
    return owners;
  }

  /** How many of {@code pages} each owner has; a page no b-tree holds now (freed, or page 1) is "other". */
  static Map<String, Integer> byOwner(List<Integer> pages, Map<Integer, String> owners) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int page : pages) {
      counts.merge(owners.getOrDefault(page, "other"), 1, Integer::sum);
    }
    return counts;
  }
}
