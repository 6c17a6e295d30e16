package dev.weft.flow.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A snapshot of one stage of a running or finished pipeline, from {@link PipelineRun#metrics()}.
 *
 * <p><b>Finding the bottleneck.</b> Read the stages in order. A stage that is the bottleneck is
 * busy: it spends little time blocked receiving (its input queue is rarely empty; {@code
 * queueDepth} is near {@code queueCapacity}) and little time blocked sending. The stages upstream
 * of it spend their time blocked <i>sending</i> (their output, its queue, is full); the stages
 * downstream spend theirs blocked <i>receiving</i> (it feeds them too slowly). Raise the
 * bottleneck's parallelism, or make its function cheaper. Time blocked is summed over the stage's
 * threads, so a stage with parallelism 4 can accumulate 4 seconds of it per second. Stages
 * {@linkplain Pipeline fused} into one thread wait for each other without blocking, so they show
 * time blocked only at the ends of their chain; to see a bottleneck among them, run the suspect
 * {@linkplain StageOptions#unfused() unfused}.
 *
 * <p>Counts: a {@code map} or {@code tap} stage has {@code itemsOut == itemsIn - itemsFailed} once
 * finished; a {@code filter} fewer; a {@code flatMap} any number; a {@code batch} about {@code
 * itemsIn / size}. A source counts the items it read as {@code itemsIn}; a sink counts the items
 * it handled successfully as {@code itemsOut}. {@code itemsFailed} counts the items that the
 * stage's {@link ErrorPolicy} skipped or sent to its dead-letter sink; it stays 0 under {@link
 * ErrorPolicy#fail()}.
 *
 * <p>The fields are read one by one from counters that running threads update, so a snapshot of a
 * running pipeline is approximate (an item may be counted in but not yet out); a snapshot taken
 * after the run ended is exact.
 *
 * @param name the stage's name
 * @param kind {@code source}, {@code map}, {@code filter}, {@code flatMap}, {@code tap}, {@code
 *     batch} or {@code sink}
 * @param parallelism threads running the stage
 * @param itemsIn items the stage received (for a source: read from its iterable, channel or
 *     generator)
 * @param itemsOut items the stage sent on (for a sink: handled)
 * @param itemsFailed items whose function threw and that the stage's error policy skipped or sent
 *     to its dead-letter sink, so that the run went on
 * @param blockedSendNanos total time the stage's threads waited to send because the next buffer
 *     was full, in nanoseconds (for a {@code toChannel} sink: waiting on the target channel)
 * @param blockedReceiveNanos total time the stage's threads waited for input, in nanoseconds (an
 *     ordered stage also counts waiting for its turn to take an item)
 * @param queueDepth items waiting in the stage's input buffer now (for a channel source: in that
 *     channel; for other sources 0)
 * @param queueCapacity the capacity of that buffer (for a stage fused with the one before it,
 *     which has no buffer, the configured {@link StageOptions#buffer()})
 */
public record StageMetrics(
    String name,
    String kind,
    int parallelism,
    long itemsIn,
    long itemsOut,
    long itemsFailed,
    long blockedSendNanos,
    long blockedReceiveNanos,
    int queueDepth,
    int queueCapacity) {

  /**
   * Validates the snapshot.
   *
   * @throws NullPointerException if {@code name} or {@code kind} is null
   */
  public StageMetrics {
    Objects.requireNonNull(name, "StageMetrics: name is null");
    Objects.requireNonNull(kind, "StageMetrics: kind is null");
  }

  /**
   * A fixed-width text table of {@code stages}, one line per stage after a header line, with times
   * in milliseconds; for logs and examples.
   *
   * @param stages the metrics of the stages, one row each
   * @return a fixed-width text table of {@code stages}, one line per stage after a header line,
   *     with times in milliseconds; for logs and examples
   * @throws NullPointerException if {@code stages} is null
   */
  public static String table(List<StageMetrics> stages) {
    Objects.requireNonNull(stages, "StageMetrics: stages is null");
    int width = "stage".length();
    for (StageMetrics m : stages) width = Math.max(width, m.name.length());
    String fmt = "%-" + width + "s  %-7s  %3s  %7s  %7s  %7s  %10s  %10s  %7s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, fmt, "stage", "kind", "par", "in", "out", "failed", "send-wait", "recv-wait", "queue"));
    for (StageMetrics m : stages) {
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              m.name,
              m.kind,
              m.parallelism,
              m.itemsIn,
              m.itemsOut,
              m.itemsFailed,
              millis(m.blockedSendNanos),
              millis(m.blockedReceiveNanos),
              m.queueDepth + "/" + m.queueCapacity));
    }
    return sb.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
