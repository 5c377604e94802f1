package dev.switchboard.bench.chat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of latency against offered rate, both axes logarithmic: per series a solid p99 line and a dashed
 * p50 line, a point per measured rate. Drawn with Java2D, headless.
 */
final class LatencyChart {

  /** One target's sweep. */
  record Series(String name, List<ChatLoad.Rated> points) {}

  private static final Color[] COLOURS = {new Color(0xc0392b), new Color(0x2471a3), new Color(0x229954)};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;

  private LatencyChart() {}

  static void write(Path file, String title, List<Series> series) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g, title, series);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void draw(Graphics2D g, String title, List<Series> series) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double minRate = series.stream().flatMap(s -> s.points().stream()).mapToInt(ChatLoad.Rated::rate).min().orElse(100);
    double maxRate = series.stream().flatMap(s -> s.points().stream()).mapToInt(ChatLoad.Rated::rate).max().orElse(1000);
    Axis x = new Axis(decadeBelow(minRate), decadeAbove(Math.max(maxRate, minRate * 10)), LEFT, WIDTH - RIGHT);
    double maxMs = series.stream().flatMap(s -> s.points().stream())
        .mapToDouble(r -> r.phase().latency.percentileMillis(99)).max().orElse(10);
    Axis y = new Axis(0.1, decadeAbove(Math.max(10, maxMs)), HEIGHT - BOTTOM, TOP);

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("solid: p99, dashed: p50; latency from when a message was due to be sent until an agent has it",
        LEFT, 42);
    grid(g, x, y);
    for (int i = 0; i < series.size(); i++) {
      Color colour = COLOURS[i % COLOURS.length];
      Series s = series.get(i);
      line(g, x, y, s, 99, colour, new BasicStroke(2.2f));
      line(g, x, y, s, 50, colour, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
          new float[] {6f, 5f}, 0f));
      g.setColor(colour);
      g.fillRect(LEFT + 10 + i * 160, HEIGHT - 22, 14, 10);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), LEFT + 30 + i * 160, HEIGHT - 12);
    }
  }

  private static void grid(Graphics2D g, Axis x, Axis y) {
    g.setStroke(new BasicStroke(1f));
    for (double v = x.min; v <= x.max * 1.0001; v *= 10) {
      for (int k = 1; k < 10 && v * k <= x.max * 1.0001; k++) {
        int px = (int) x.at(v * k);
        g.setColor(k == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
        g.drawLine(px, (int) y.at(y.min), px, (int) y.at(y.max));
        if (k == 1 || k == 2 || k == 5) {
          g.setColor(Color.DARK_GRAY);
          g.drawString(label(v * k), px - 12, (int) y.at(y.min) + 16);
        }
      }
    }
    for (double v = y.min; v <= y.max * 1.0001; v *= 10) {
      int py = (int) y.at(v);
      g.setColor(new Color(0xbbbbbb));
      g.drawLine((int) x.at(x.min), py, (int) x.at(x.max), py);
      g.setColor(Color.DARK_GRAY);
      g.drawString(label(v) + " ms", 10, py + 4);
    }
    g.setColor(Color.BLACK);
    g.drawString("offered load, messages per second (log scale)", LEFT + 250, HEIGHT - 40);
  }

  private static void line(Graphics2D g, Axis x, Axis y, Series s, double percentile, Color colour,
      BasicStroke stroke) {
    Path2D.Double path = new Path2D.Double();
    boolean first = true;
    g.setColor(colour);
    for (ChatLoad.Rated r : s.points()) {
      double px = x.at(r.rate());
      double py = y.at(Math.max(y.min, r.phase().latency.percentileMillis(percentile)));
      if (first) {
        path.moveTo(px, py);
        first = false;
      } else {
        path.lineTo(px, py);
      }
      g.fillOval((int) px - 3, (int) py - 3, 7, 7);
    }
    g.setStroke(stroke);
    g.draw(path);
    g.setStroke(new BasicStroke(1f));
  }

  private static String label(double v) {
    return v >= 1000 ? String.format(Locale.ROOT, "%.0fk", v / 1000) : v >= 1 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static double decadeBelow(double v) {
    return Math.pow(10, Math.floor(Math.log10(v)));
  }

  private static double decadeAbove(double v) {
    return Math.pow(10, Math.ceil(Math.log10(v)));
  }

  /** A logarithmic axis from {@code min} to {@code max} onto pixels {@code from} to {@code to}. */
  private record Axis(double min, double max, double from, double to) {
    double at(double v) {
      double t = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      return from + t * (to - from);
    }
  }
}
