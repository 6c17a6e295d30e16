package dev.weft.bench.flow;

import java.util.concurrent.atomic.LongAdder;

/** The task bodies of the executor shapes. */
final class Tasks {

  private Tasks() {}

  /** A tiny task: counts itself. */
  static void tiny(LongAdder done) {
    done.increment();
  }

  /** A blocking task: sleeps 10 ms, then counts itself. */
  static void sleep10ms(LongAdder done) {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Tasks: interrupted while sleeping", e);
    }
    done.increment();
  }
}
