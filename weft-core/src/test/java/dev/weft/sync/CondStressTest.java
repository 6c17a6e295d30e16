package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded buffer built from one lock and two {@link Cond}s, woken with {@code signal} only, under
 * random interrupts and context cancellations: every item whose put returned is taken exactly once,
 * no other item is taken, nobody hangs, and no waiter that gave up is left in a queue.
 *
 * <p>Seeded: the seed is in every failure message; rerun with {@code -Dweft.stress.seed=N}.
 */
@Tag("stress")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CondStressTest {

  private static final int ITEMS = 20_000 * (Boolean.getBoolean("weft.soak") ? 20 : 1);
  private static final int PRODUCERS = 4;
  private static final int CONSUMERS = 4;
  private static final int CAPACITY = 3;

  /** A bounded buffer in the textbook style; one cond per kind of waiter. */
  private static final class Buffer {
    final ReentrantLock lock = new ReentrantLock();
    final Cond notFull = new Cond(lock);
    final Cond notEmpty = new Cond(lock);
    final ArrayDeque<Integer> items = new ArrayDeque<>(); // guarded by lock
    boolean closed; // guarded by lock

    void put(int item, int form, Context ctx) throws InterruptedException {
      lock.lock();
      try {
        while (items.size() == CAPACITY) wait(notFull, form, ctx);
        items.addLast(item);
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
    }

    /** The next item, or -1 once closed and empty. */
    int take(int form, Context ctx) throws InterruptedException {
      lock.lock();
      try {
        while (items.isEmpty()) {
          if (closed) return -1;
          wait(notEmpty, form, ctx);
        }
        int item = items.removeFirst();
        notFull.signal();
        return item;
      } finally {
        lock.unlock();
      }
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        notEmpty.broadcast();
      } finally {
        lock.unlock();
      }
    }

    private static void wait(Cond c, int form, Context ctx) throws InterruptedException {
      switch (form) {
        case 0 -> c.await();
        case 1 -> c.await(ctx);
        default -> c.await(Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void boundedBufferUnderInterruptsAndCancellation() {
    long seed = Long.getLong("weft.stress.seed", System.nanoTime());
    try {
      run(seed);
    } catch (Throwable t) {
      throw new AssertionError("failed with -Dweft.stress.seed=" + seed + ": " + t, t);
    }
  }

  private static void run(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    Buffer buffer = new Buffer();
    AtomicReference<CancelContext> ctx =
        new AtomicReference<>(Context.withCancel(Context.background()));
    BitSet sent = new BitSet(ITEMS); // per producer below, merged at the end
    List<Async<BitSet>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int me = p;
      int form = rnd.nextInt(3);
      producers.add(
          Async.call(
              () -> {
                BitSet mine = new BitSet(ITEMS);
                for (int item = me; item < ITEMS; item += PRODUCERS) {
                  try {
                    buffer.put(item, form, ctx.get());
                    mine.set(item);
                  } catch (InterruptedException | ContextCancelledException e) {
                    // not sent
                  }
                }
                return mine;
              }));
    }
    List<Async<List<Integer>>> consumers = new ArrayList<>();
    for (int k = 0; k < CONSUMERS; k++) {
      int form = rnd.nextInt(3);
      consumers.add(
          Async.call(
              () -> {
                List<Integer> got = new ArrayList<>();
                for (; ; ) {
                  try {
                    int item = buffer.take(form, ctx.get());
                    if (item < 0) return got;
                    got.add(item);
                  } catch (InterruptedException | ContextCancelledException e) {
                    // gave up one wait; try again
                  }
                }
              }));
    }
    List<Async<?>> all = new ArrayList<>(producers);
    all.addAll(consumers);
    AtomicBoolean producing = new AtomicBoolean(true);
    Async<Void> chaos =
        Async.run(
            () -> {
              SplittableRandom r = new SplittableRandom(seed + 1);
              while (producing.get()) {
                LockSupport.parkNanos(r.nextLong(10_000, 200_000));
                if (r.nextInt(4) == 0) {
                  ctx.getAndSet(Context.withCancel(Context.background())).cancel();
                } else {
                  all.get(r.nextInt(all.size())).interrupt();
                }
              }
            });
    for (Async<BitSet> p : producers) sent.or(p.get());
    producing.set(false);
    chaos.get();
    buffer.close();
    BitSet taken = new BitSet(ITEMS);
    int count = 0;
    for (Async<List<Integer>> c : consumers) {
      for (int item : c.get()) {
        assertThat(taken.get(item)).as("item %d taken twice", item).isFalse();
        taken.set(item);
        count++;
      }
    }
    assertThat(taken).isEqualTo(sent);
    // Every thread has ended: a waiter that gave up must have left the queue, not linger in it
    // (where it would swallow a later signal).
    assertThat(buffer.notFull.waiting()).isZero();
    assertThat(buffer.notEmpty.waiting()).isZero();
    assertThat(count).isEqualTo(sent.cardinality());
    assertThat(sent.cardinality()).as("some items went through").isPositive();
    ctx.get().cancel();
  }
}
