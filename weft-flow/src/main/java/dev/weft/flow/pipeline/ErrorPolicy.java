package dev.weft.flow.pipeline;

import dev.weft.chan.SendChannel;
import dev.weft.task.ContextConsumer;
import dev.weft.task.ThrowingConsumer;
import java.util.Objects;

/**
 * What a stage does when its function throws for one item: {@linkplain #fail() fail} the run (the
 * default), {@linkplain #skip() skip} the item, or hand it to a {@linkplain DeadLetter
 * dead-letter} sink and go on. Set per stage with {@link StageOptions#withErrorPolicy}:
 *
 * <pre>{@code
 * Channel<FailedItem> rejects = Channel.buffered(100);
 * Pipeline.from(lines)
 *     .map("parse", Order::parse, StageOptions.defaults().withErrorPolicy(ErrorPolicy.skip()))
 *     .map("enrich", this::enrich,
 *          StageOptions.parallel(8).withErrorPolicy(ErrorPolicy.deadLetter(rejects)))
 *     ...
 * }</pre>
 *
 * <p><b>Which failures.</b> The policy covers the exceptions thrown for one item by the function
 * of a {@code map}, {@code filter}, {@code flatMap} or {@code tap} stage (their {@code
 * ...WithContext} forms too), including a {@code null} result, and by a {@code forEach} action or a
 * collector's accumulator in a sink. It does not cover sources, {@code batch} and {@code toChannel}
 * stages, which have no per-item function and accept only {@link #fail()}; nor a collector's
 * finisher; nor an {@link InterruptedException} or an {@link Error}, which always fail the run.
 * Once the run is cancelled or has failed, an exception from a function is not handed to a skip
 * or dead-letter policy: the item is dropped like any other in flight, and the stage stops.
 *
 * <p><b>What the run sees.</b> A skipped or dead-lettered item produces no output; the stage goes
 * on with the next item, and an ordered stage keeps the input order of the items that survive. The
 * stage counts the item in {@link StageMetrics#itemsFailed()}. A {@code flatMap} function whose
 * iterable fails part-way may already have passed on some of that item's results, unless the
 * stage is ordered with parallelism above 1 (it then holds an item's results until the item is
 * done, and drops them all).
 *
 * <p>Policies are immutable values and may be shared by stages and pipelines.
 */
public sealed interface ErrorPolicy {

  /** The first failing item fails the run: it is cancelled and reports a {@link PipelineException}. */
  record Fail() implements ErrorPolicy {}

  /** A failing item is dropped and counted; the run goes on. */
  record Skip() implements ErrorPolicy {}

  /**
   * A failing item is handed to {@code sink} as a {@link FailedItem}, with the run's context, and
   * the run goes on. The sink is called from the stage's threads, concurrently when the stage's
   * parallelism is above 1, and the stage waits for it (a slow sink holds the stage back). If the
   * sink throws, the run fails with a {@link PipelineException} naming the stage, whose cause is
   * what the sink threw, with the item's own exception suppressed in it.
   *
   * @param sink receives the failed items
   */
  record DeadLetter(ContextConsumer<? super FailedItem> sink) implements ErrorPolicy {

    /**
     * Validates the policy.
     *
     * @throws NullPointerException if {@code sink} is null
     */
    public DeadLetter {
      Objects.requireNonNull(sink, "ErrorPolicy: dead-letter sink is null");
    }
  }

  /**
   * Fail the run on the first failing item: the default.
   *
   * @return the policy
   */
  static ErrorPolicy fail() {
    return new Fail();
  }

  /**
   * Drop and count failing items; the run goes on.
   *
   * @return the policy
   */
  static ErrorPolicy skip() {
    return new Skip();
  }

  /**
   * Hand each failing item to {@code sink} and go on; if {@code sink} throws, the run fails. See
   * {@link DeadLetter}.
   *
   * @param sink receives the failed items
   * @return the policy
   * @throws NullPointerException if {@code sink} is null
   */
  static ErrorPolicy deadLetter(ThrowingConsumer<? super FailedItem> sink) {
    Objects.requireNonNull(sink, "ErrorPolicy: dead-letter sink is null");
    return new DeadLetter((ctx, failed) -> sink.accept(failed));
  }

  /**
   * Send each failing item to {@code channel}, waiting while it is full (so a full dead-letter
   * channel holds the stage back), and go on. The pipeline never closes the channel; if it is
   * closed during the run, the next failing item fails the run. See {@link DeadLetter}.
   *
   * @param channel receives the failed items
   * @return the policy
   * @throws NullPointerException if {@code channel} is null
   */
  static ErrorPolicy deadLetter(SendChannel<? super FailedItem> channel) {
    Objects.requireNonNull(channel, "ErrorPolicy: dead-letter channel is null");
    return new DeadLetter((ctx, failed) -> channel.send(failed, ctx));
  }
}
