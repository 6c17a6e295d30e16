package dev.weft.flow.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of a stage's item counters. A stage with parallelism 1 has a single writer, its thread, so
 * its counters are a plain field published with an opaque write (on x86 an ordinary store, where
 * a {@link LongAdder} costs a CAS per item); a stage with more threads uses a {@code LongAdder}.
 *
 * <p>Readers ({@link PipelineRun#metrics()}) read with an opaque read: a snapshot of a running
 * stage may lag a little, as documented by {@link StageMetrics}; once the run has ended the
 * {@code await} that saw it end happens-after the last write, so the sum is exact.
 */
final class Counter {

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LongAdder shared; // null: one writer thread
  @SuppressWarnings("unused") // accessed through VALUE
  private long value; // written only by the one writer, opaquely; read opaquely

  Counter(boolean oneWriter) {
    this.shared = oneWriter ? null : new LongAdder();
  }

  void increment() {
    if (shared == null) VALUE.setOpaque(this, (long) VALUE.get(this) + 1);
    else shared.increment();
  }

  long sum() {
    return shared == null ? (long) VALUE.getOpaque(this) : shared.sum();
  }
}
