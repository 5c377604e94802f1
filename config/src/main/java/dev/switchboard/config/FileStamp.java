package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What {@link ConfigWatcher} compares between two looks at a file, from one {@code stat} of the file the
 * path leads to now (symlinks followed): its times, its size and its identity (device and inode on Unix).
 * A file replaced by rename, or a Kubernetes ConfigMap whose {@code ..data} link was swapped, has another
 * identity; an edit in place moves the times. The status-change time ({@code ctime}, where the platform
 * has it) is part of the stamp because no one can set it: a copy that keeps the old modified time
 * ({@code cp -p}, {@code touch -r}) still moves it.
 */
record FileStamp(FileTime modified, FileTime changed, long size, Object key) {

  /** The stamp of a path that leads to no file. */
  static final FileStamp MISSING = new FileStamp(FileTime.fromMillis(0), FileTime.fromMillis(0), -1, "missing");

  /**
   * File systems with coarse times keep whole seconds (FAT two): a write within the same tick as the last
   * one may leave the stamp as it was.
   */
  static final Duration COARSE_TICK = Duration.ofSeconds(2);

  static FileStamp of(Path file) {
    try {
      Map<String, Object> unix = Files.readAttributes(file, "unix:lastModifiedTime,ctime,size,fileKey");
      return new FileStamp((FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime"),
          (Long) unix.get("size"), unix.get("fileKey"));
    } catch (UnsupportedOperationException e) {
      return basic(file);
    } catch (IOException e) {
      return MISSING;
    }
  }

  private static FileStamp basic(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(a.lastModifiedTime(), a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (IOException e) {
      return MISSING;
    }
  }

  /**
   * Whether the file may still change without moving this stamp, read at {@code readAt}: its times are
   * whole seconds (a file system with coarse times; a fine one shows a whole second once in a billion) and
   * the last change was within a coarse tick of the read. The watcher then reads the file at its next looks
   * as well, until the tick has passed; on a fine file system it never does.
   */
  boolean mayChangeUnseenAfter(Instant readAt) {
    Instant last = changed.toInstant();
    return last.getNano() == 0 && readAt.isBefore(last.plus(COARSE_TICK));
  }
}
