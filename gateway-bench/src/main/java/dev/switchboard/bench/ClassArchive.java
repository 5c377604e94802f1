package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class data archive the {@code switchboard} launcher starts the gateway with (docs/operations.md, "Class
 * data archive"), recorded the launcher's way ({@code -XX:ArchiveClassesAtExit} around {@code warm-up}) once
 * per gateway jar, in the temporary directory. A jar without the {@code warm-up} command records none, and
 * starts without one, as the launcher would start it.
 */
final class ClassArchive {

  private ClassArchive() {}

  /**
   * The options that start {@code jar} with its archive, or none when the archive cannot be recorded or
   * {@code jvmOptions} already choose (an archive of their own, or {@code -Xshare:off}).
   */
  static List<String> options(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
    return options(jar, jvmOptions, Path.of(System.getProperty("java.io.tmpdir"), "switchboard-bench-cds"));
  }

  /** {@link #options(Path, List)} with the archives kept in {@code dir}. */
  static List<String> options(Path jar, List<String> jvmOptions, Path dir) throws IOException, InterruptedException {
    if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-Xshare"))) {
      return List.of();
    }
    Files.createDirectories(dir);
    Path archive = dir.resolve(jar.getFileName() + "-" + Files.size(jar) + "-"
        + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
    Path failed = archive.resolveSibling(archive.getFileName() + ".none");
    if (!Files.isRegularFile(archive) && !Files.exists(failed)) {
      record(jar, archive, failed);
    }
    return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
  }

  private static void record(Path jar, Path archive, Path failed) throws IOException, InterruptedException {
    Log.info("recording the class data archive of %s (switchboard warm-up)", jar);
    Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    Process warmUp = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-XX:ArchiveClassesAtExit=" + partial, "-jar", jar.toString(), "warm-up")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    boolean exited = warmUp.waitFor(120, TimeUnit.SECONDS);
    if (exited && warmUp.exitValue() == 0 && Files.isRegularFile(partial)) {
      Files.move(partial, archive);
      return;
    }
    warmUp.destroyForcibly();
    Files.deleteIfExists(partial);
    Files.createFile(failed);
    Log.info("no class data archive for %s (warm-up %s); it starts without one", jar,
        exited ? "exited with " + warmUp.exitValue() : "took over 120 s");
  }
}
