package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, measured with {@code jcmd <pid> GC.class_histogram}: that command runs a
 * full collection first and then sums every live object, so two readings differ only by what is really
 * held in between.
 */
public final class HeapProbe {

  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private HeapProbe() {}

  /** Live heap bytes of process {@code pid} after a full GC. */
  public static long liveBytes(long pid) throws IOException, InterruptedException {
    String jcmd = ProcessHandle.current().info().command()
        .map(java -> java.replaceAll("java$", "jcmd"))
        .filter(path -> new java.io.File(path).canExecute())
        .orElse("jcmd");
    Process p = new ProcessBuilder(List.of(jcmd, Long.toString(pid), "GC.class_histogram"))
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd GC.class_histogram did not finish within 120 s");
    }
    return parseTotal(new String(out, StandardCharsets.UTF_8));
  }

  static long parseTotal(String histogram) throws IOException {
    Matcher m = TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IOException("no Total line in jcmd output: "
          + histogram.substring(0, Math.min(300, histogram.length())));
    }
    return Long.parseLong(m.group(2));
  }
}
