package dev.weft.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart on a log scale, drawn with Java2D (headless) and written as PNG: one group
 * per shape, one bar per series; a missing value leaves a gap.
 */
final class BarChart {

  /** A series: its name in the legend, its colour, and one value per group (NaN: none). */
  record Series(String name, Color color, List<Double> values) {}

  private static final int BAR = 11;
  private static final int GROUP_GAP = 16;
  private static final int LEFT = 100;
  private static final int RIGHT_SPACE = 210; // the last group's slanted label
  private static final int TOP = 70;
  private static final int PLOT_HEIGHT = 420;
  private static final int LABEL_SPACE = 230;

  private BarChart() {}

  /**
   * Draws the chart to {@code file}.
   *
   * @param title the line at the top
   * @param groups the group labels, drawn slanted under the axis
   * @param series the series, each with one value per group
   */
  static void write(Path file, String title, List<String> groups, List<Series> series, String unit)
      throws IOException {
    int groupWidth = series.size() * BAR + GROUP_GAP;
    int plotRight = LEFT + groups.size() * groupWidth + 10;
    int width = plotRight + RIGHT_SPACE;
    int height = TOP + PLOT_HEIGHT + LABEL_SPACE;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);

      double min = Double.MAX_VALUE;
      double max = 0;
      for (Series s : series) {
        for (double v : s.values()) {
          if (v > 0 && Double.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
      if (max == 0) {
        min = 1;
        max = 10;
      }
      int lowDecade = (int) Math.floor(Math.log10(min));
      int highDecade = (int) Math.ceil(Math.log10(max));
      if (highDecade == lowDecade) highDecade++;
      double logLow = lowDecade;
      double logSpan = highDecade - lowDecade;
      int baseY = TOP + PLOT_HEIGHT;

      // Title and legend.
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int lx = LEFT;
      for (Series s : series) {
        g.setColor(s.color());
        g.fillRect(lx, 38, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString(s.name(), lx + 16, 49);
        lx += 16 + g.getFontMetrics().stringWidth(s.name()) + 18;
      }

      // Decade grid and the axis labels.
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      FontMetrics fm = g.getFontMetrics();
      for (int d = lowDecade; d <= highDecade; d++) {
        int y = baseY - (int) Math.round((d - logLow) / logSpan * PLOT_HEIGHT);
        g.setColor(new Color(225, 225, 225));
        g.drawLine(LEFT, y, plotRight, y);
        g.setColor(Color.DARK_GRAY);
        String label = decade(d);
        g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
      }
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(unit + " (log scale)", -(TOP + PLOT_HEIGHT / 2 + 90), 16);
      g.setTransform(saved);

      // Bars and group labels.
      for (int gi = 0; gi < groups.size(); gi++) {
        int x0 = LEFT + 8 + gi * groupWidth;
        for (int si = 0; si < series.size(); si++) {
          double v = series.get(si).values().get(gi);
          if (!(v > 0) || !Double.isFinite(v)) continue;
          int h = (int) Math.round((Math.log10(v) - logLow) / logSpan * PLOT_HEIGHT);
          h = Math.max(1, h);
          g.setColor(series.get(si).color());
          g.fillRect(x0 + si * BAR, baseY - h, BAR - 1, h);
        }
        g.setColor(Color.BLACK);
        AffineTransform t = g.getTransform();
        g.translate(x0 + series.size() * BAR / 2.0, baseY + 10);
        g.rotate(Math.PI / 4);
        g.drawString(groups.get(gi), 0, 0);
        g.setTransform(t);
      }
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(LEFT, baseY, plotRight, baseY);
      g.drawLine(LEFT, TOP, LEFT, baseY);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static String decade(int d) {
    if (d < 0) return "1e" + d;
    if (d <= 6) return String.format("%,d", (long) Math.pow(10, d));
    return "1e" + d;
  }
}
