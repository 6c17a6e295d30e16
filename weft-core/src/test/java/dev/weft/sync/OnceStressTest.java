package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.task.Task;
import dev.weft.test.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under many callers with random interrupts and context cancellations, a {@link Once} and a {@link
 * OnceValue} run their action at most once, exactly once by the end, and every call that returns
 * normally sees the action's effects; an {@code OnceValue}'s failure reaches every caller.
 *
 * <p>Seeded: the seed is in every failure message; rerun with {@code -Dweft.stress.seed=N}.
 */
@Tag("stress")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OnceStressTest {

  private static final int ROUNDS = 300 * (Boolean.getBoolean("weft.soak") ? 20 : 1);
  private static final int CALLERS = 8;

  /** Written by the action without synchronization. */
  private static final class Box {
    int value;
  }

  @Test
  void onceUnderInterruptsAndCancellation() {
    long seed = Long.getLong("weft.stress.seed", System.nanoTime());
    try {
      run(seed);
    } catch (Throwable t) {
      throw new AssertionError("failed with -Dweft.stress.seed=" + seed + ": " + t, t);
    }
  }

  private static void run(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Once once = new Once();
      Box box = new Box();
      AtomicInteger runs = new AtomicInteger();
      boolean fails = rnd.nextInt(3) == 0;
      IOException boom = new IOException("round " + round);
      OnceValue<Integer> value =
          Once.value(
              () -> {
                LockSupport.parkNanos(1_000);
                if (fails) throw boom;
                return 7;
              });
      CancelContext ctx = Context.withCancel(Context.background());
      List<Async<Void>> callers = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        boolean withContext = rnd.nextBoolean();
        callers.add(
            Async.run(
                () -> {
                  try {
                    Task action =
                        () -> {
                          runs.incrementAndGet();
                          LockSupport.parkNanos(2_000);
                          box.value = 42;
                        };
                    if (withContext) once.run(action, ctx);
                    else once.run(action);
                    assertThat(box.value).as("effects of the action after run").isEqualTo(42);
                  } catch (InterruptedException | ContextCancelledException e) {
                    // gave up waiting: allowed
                  }
                  try {
                    Integer v = withContext ? value.get(ctx) : value.get();
                    assertThat(fails).as("a value from a failing fn").isFalse();
                    assertThat(v).isEqualTo(7);
                  } catch (ExecutionException e) {
                    assertThat(e.getCause()).isSameAs(fails ? boom : null);
                  } catch (InterruptedException | ContextCancelledException e) {
                    // gave up waiting: allowed
                  }
                }));
      }
      // Chaos: a few interrupts and maybe a cancellation, at random moments.
      int hits = rnd.nextInt(4);
      for (int i = 0; i < hits; i++) {
        LockSupport.parkNanos(rnd.nextLong(1_000, 20_000));
        callers.get(rnd.nextInt(CALLERS)).interrupt();
      }
      if (rnd.nextBoolean()) ctx.cancel();
      for (Async<Void> c : callers) {
        Throwable t = c.thrown();
        if (t != null) throw new AssertionError("round " + round + ": a caller failed", t);
      }
      assertThat(runs.get()).as("round %d: runs so far", round).isBetween(0, 1);
      once.run(runs::incrementAndGet);
      assertThat(runs.get()).as("round %d: runs at the end", round).isEqualTo(1);
      assertThat(once.isDone()).isTrue();
      try {
        assertThat(value.get()).isEqualTo(7);
        assertThat(fails).isFalse();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isSameAs(boom);
      }
      ctx.cancel();
    }
  }
}
