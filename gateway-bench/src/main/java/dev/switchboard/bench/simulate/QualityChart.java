package dev.switchboard.bench.simulate;

import dev.switchboard.bench.simulate.Simulation.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One SVG per simulated day: a panel per policy with the queue depth (grey area, right axis, the same
 * scale in every panel) and, per tier, the share of each ten minutes' arrivals answered within SLA
 * (lines, left axis).
 */
final class QualityChart {

  private static final String[] TIER_COLOURS = {"#c0392b", "#2471a3", "#229954", "#7d3c98"};
  private static final int WIDTH = 960;
  private static final int PANEL = 230;
  private static final int LEFT = 60;
  private static final int RIGHT = 70;
  private static final int TOP = 44;
  private static final int PLOT = 160;

  private QualityChart() {}

  static void write(Path file, Workload workload, int incident, List<Run> runs) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, svg(workload, incident, runs));
  }

  static String svg(Workload workload, int incident, List<Run> runs) {
    int buckets = runs.stream().mapToInt(r -> r.tally().depthByBucket().size()).max().orElse(1);
    double bucketHours = runs.isEmpty() ? 1 : runs.get(0).tally().bucketMillis() / 3_600_000.0;
    int hours = Math.max(24, (int) Math.ceil(buckets * bucketHours));
    int maxDepth = Math.max(1, runs.stream().flatMap(r -> r.tally().depthByBucket().stream())
        .mapToInt(Integer::intValue).max().orElse(1));
    int height = TOP + runs.size() * PANEL + 30;
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
    out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"15\" font-weight=\"bold\">"
        + "Simulated support day, incident hour at %dx the normal volume</text>%n", LEFT, incident));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"34\">Per policy: waiting conversations (grey, "
        + "right axis) and the share of each 10 minutes' arrivals answered within SLA (lines, left axis)</text>%n",
        LEFT));
    legend(out, workload, height - 12);
    for (int i = 0; i < runs.size(); i++) {
      panel(out, workload, runs.get(i), TOP + i * PANEL, hours, bucketHours, maxDepth);
    }
    return out.append("</svg>\n").toString();
  }

  private static void panel(StringBuilder out, Workload workload, Run run, int y0, int hours, double bucketHours,
      int maxDepth) {
    int plotTop = y0 + 25;
    int plotWidth = WIDTH - LEFT - RIGHT;
    StringBuilder title = new StringBuilder(run.policy().key());
    for (int t = 0; t < workload.tiers().size(); t++) {
      title.append(String.format(Locale.ROOT, "   %s %.1f %%", workload.tiers().get(t).name(),
          run.tally().tier(t).withinSla() * 100));
    }
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT,
        y0 + 16, title));
    out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#999\"/>%n", LEFT, plotTop, plotWidth, PLOT));
    // queue depth as a filled area
    List<Integer> depth = run.tally().depthByBucket();
    StringBuilder area = new StringBuilder();
    area.append(String.format(Locale.ROOT, "%.1f,%d ", x(0, hours, plotWidth), plotTop + PLOT));
    for (int b = 0; b < depth.size(); b++) {
      double y = plotTop + PLOT - (double) depth.get(b) / maxDepth * PLOT;
      area.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(b * bucketHours, hours, plotWidth), y));
    }
    area.append(String.format(Locale.ROOT, "%.1f,%d", x((depth.size() - 1) * bucketHours, hours, plotWidth),
        plotTop + PLOT));
    out.append("<polygon fill=\"#d5d8dc\" stroke=\"none\" points=\"").append(area).append("\"/>\n");
    for (int t = 0; t < workload.tiers().size(); t++) {
      double[] share = run.tally().withinSlaByBucket(t);
      StringBuilder line = new StringBuilder();
      for (int b = 0; b < share.length; b++) {
        if (!Double.isNaN(share[b])) {
          line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x((b + 0.5) * bucketHours, hours, plotWidth),
              plotTop + PLOT - share[b] * PLOT));
        }
      }
      out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
          + "points=\"%s\"/>%n", TIER_COLOURS[t % TIER_COLOURS.length], line.toString().strip()));
    }
    axes(out, plotTop, plotWidth, hours, maxDepth);
  }

  private static void axes(StringBuilder out, int plotTop, int plotWidth, int hours, int maxDepth) {
    for (int p = 0; p <= 100; p += 50) {
      double y = plotTop + PLOT - p / 100.0 * PLOT;
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d %%</text>%n",
          LEFT - 6, y + 4, p));
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%d</text>%n", LEFT + plotWidth + 6,
          y + 4, Math.round(maxDepth * p / 100.0)));
    }
    for (int h = 0; h <= hours; h += 3) {
      double x = x(h, hours, plotWidth);
      out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%02d:00</text>%n", x, plotTop + PLOT, x,
          plotTop + PLOT + 4, x, plotTop + PLOT + 16, h % 24));
    }
  }

  private static void legend(StringBuilder out, Workload workload, int y) {
    int x = LEFT;
    for (int t = 0; t < workload.tiers().size(); t++) {
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s within SLA (%s)</text>%n", x, y - 4, x + 20, y - 4,
          TIER_COLOURS[t % TIER_COLOURS.length], x + 25, y, workload.tiers().get(t).name(),
          human(workload.tiers().get(t).target())));
      x += 220;
    }
    out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"10\" fill=\"#d5d8dc\"/>"
        + "<text x=\"%d\" y=\"%d\">waiting conversations</text>%n", x, y - 9, x + 25, y));
  }

  private static String human(java.time.Duration d) {
    return d.toMinutes() >= 60 && d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }

  private static double x(double hour, int hours, int plotWidth) {
    return LEFT + hour / hours * plotWidth;
  }
}
