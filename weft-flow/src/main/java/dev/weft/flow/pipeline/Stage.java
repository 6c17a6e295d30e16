package dev.weft.flow.pipeline;

import dev.weft.chan.ReceiveChannel;
import dev.weft.context.Context;
import java.time.Duration;

/**
 * A stage as the builder describes it: immutable, reusable by every run. {@link PipelineRun}
 * turns a list of stages (a source first, a sink last) into running threads.
 */
sealed interface Stage {

  String name();

  String kind();

  StageOptions options();

  /** One-thread options for sources: no input buffer of their own. */
  StageOptions SOURCE_OPTIONS = new StageOptions(1, 0, true);

  /** A source; {@code input} is the user's channel for {@code fromChannel}, else null. */
  record Source(String name, SourceBody body, ReceiveChannel<?> input) implements Stage {
    @Override
    public String kind() {
      return "source";
    }

    @Override
    public StageOptions options() {
      return SOURCE_OPTIONS;
    }
  }

  /** map, filter, flatMap, tap: a function from one item to zero or more. */
  record Transform(String name, String kind, StageOptions options, Step step) implements Stage {}

  /** Groups items into lists by size or time. */
  record Batch(String name, StageOptions options, int size, Duration maxWait) implements Stage {
    @Override
    public String kind() {
      return "batch";
    }
  }

  /** The end of the pipeline; produces the run's result. */
  record Sink(String name, StageOptions options, SinkFactory<?> factory) implements Stage {
    @Override
    public String kind() {
      return "sink";
    }
  }

  /** A source's body: reads its items and sends each through {@link Port#send}. */
  @FunctionalInterface
  interface SourceBody {
    void run(Port port) throws Exception;
  }

  /** A transform's function: emits zero or more results for one item; {@code ctx} is the run's. */
  @FunctionalInterface
  interface Step {
    void apply(Context ctx, Object item, Out out) throws Exception;
  }

  /** Where a step emits its results. */
  @FunctionalInterface
  interface Out {
    void emit(Object value) throws InterruptedException;
  }

  /** Makes a fresh sink state per run (a collector's container is per run). */
  @FunctionalInterface
  interface SinkFactory<R> {
    SinkBody<R> open(Port port);
  }

  /**
   * A sink's per-run state. {@code close} runs however the sink ends. Exceptions from {@code
   * accept} are per-item errors, subject to the sink's {@link ErrorPolicy}.
   */
  interface SinkBody<R> {
    void accept(Object item) throws Exception;

    R finish() throws Exception;

    default void close() {}
  }
}
