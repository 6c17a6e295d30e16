package dev.weft.examples.cli;

import dev.weft.mapreduce.JobProgress;
import java.util.Locale;

/**
 * The one-line progress bar of {@code weft mapreduce} on a terminal: bytes read of the total, the
 * read rate and the time left at that rate, e.g. {@code [#######.............]  35%  6.2 MB of
 * 17.7 MB  52.1 MB/s  ETA 0:02  mapping}. Redrawn in place with a carriage return, padded so that a
 * shorter line covers a longer one.
 */
final class ProgressBar {
  private ProgressBar() {}

  private static final int WIDTH = 24;
  private static final double MB = 1024.0 * 1024;

  /** The bar for {@code p}, without the carriage return. */
  static String render(JobProgress p) {
    long total = p.totalBytes();
    double fraction = total == 0 ? 0 : Math.min(1.0, (double) p.bytesRead() / total);
    boolean mapped = p.phase() == JobProgress.Phase.MERGING || p.phase() == JobProgress.Phase.DONE;
    if (total == 0 && mapped) fraction = 1;
    int filled = (int) Math.round(fraction * WIDTH);
    double rate = p.bytesPerSecond();
    String eta;
    if (mapped) eta = "ETA 0:00";
    else if (rate <= 0) eta = "ETA -:--";
    else eta = "ETA " + minutesSeconds((long) Math.ceil((total - p.bytesRead()) / rate));
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %s of %s  %.1f MB/s  %s  %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        ByteSize.format(p.bytesRead()),
        ByteSize.format(total),
        rate / MB,
        eta,
        p.phase().name().toLowerCase(Locale.ROOT));
  }

  /** {@code m:ss}. */
  static String minutesSeconds(long seconds) {
    long s = Math.max(0, seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
