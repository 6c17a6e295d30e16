package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.PinningDetector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Once}, {@link Barrier} and {@link Cond} never pin a virtual thread to its carrier: more
 * blocked virtual threads than carriers, through each of their waits, record no {@code
 * jdk.VirtualThreadPinned} event once warmed up.
 */
class OnceBarrierCondPinningTest {

  private static final int THREADS = 64;

  @Test
  @Timeout(60)
  void onceBarrierAndCondDoNotPin() throws Exception {
    workload();
    PinningDetector.assertNoPinning(OnceBarrierCondPinningTest::workload);
  }

  private static void workload() throws Exception {
    // Once: every thread waits for one slow action.
    Once once = new Once();
    AtomicInteger runs = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int t = 0; t < THREADS; t++) {
      wg.go(() -> once.run(() -> {
        Thread.sleep(20);
        runs.incrementAndGet();
      }));
    }
    wg.await();
    assertThat(runs.get()).isEqualTo(1);

    // Barrier: all threads step through phases together, with a context.
    AtomicInteger phases = new AtomicInteger();
    Barrier barrier = new Barrier(THREADS, phases::incrementAndGet);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      for (int t = 0; t < THREADS; t++) {
        wg.go(() -> {
          for (int p = 0; p < 20; p++) barrier.await(ctx);
        });
      }
      wg.await();
    }
    assertThat(phases.get()).isEqualTo(20);

    // Cond: ping-pong of a token between pairs, with timed and plain waits.
    ReentrantLock lock = new ReentrantLock();
    Cond turn = new Cond(lock);
    int[] token = {0}; // guarded by lock
    for (int t = 0; t < THREADS; t++) {
      int parity = t & 1;
      wg.go(() -> {
        for (int i = 0; i < 50; i++) {
          lock.lock();
          try {
            while ((token[0] & 1) != parity) {
              if (parity == 0) turn.await();
              else turn.await(Duration.ofSeconds(5));
            }
            token[0]++;
            turn.broadcast();
          } finally {
            lock.unlock();
          }
        }
      });
    }
    wg.await();
    assertThat(token[0]).isEqualTo(THREADS * 50);
  }
}
