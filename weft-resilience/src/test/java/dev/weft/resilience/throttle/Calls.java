package dev.weft.resilience.throttle;

import dev.weft.task.ThrowingConsumer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A recording callback: the values it was called with, on which threads, how many at once. */
final class Calls<T> implements ThrowingConsumer<T> {

  private final List<T> values = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final ThrowingConsumer<? super T> body;

  Calls() {
    this(v -> {});
  }

  /** Records each call, then runs {@code body} (which may block or throw). */
  Calls(ThrowingConsumer<? super T> body) {
    this.body = body;
  }

  @Override
  public void accept(T value) throws Exception {
    int now = active.incrementAndGet();
    maxActive.accumulateAndGet(now, Math::max);
    values.add(value);
    threads.add(Thread.currentThread());
    try {
      body.accept(value);
    } finally {
      active.decrementAndGet();
    }
  }

  List<T> values() {
    return List.copyOf(values);
  }

  List<Thread> threads() {
    return List.copyOf(threads);
  }

  int maxActive() {
    return maxActive.get();
  }
}
