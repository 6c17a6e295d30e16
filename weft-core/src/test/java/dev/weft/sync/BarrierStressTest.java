package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parties step through phases of a {@link Barrier} while random interrupts, cancellations and short
 * timeouts break generations: the action sees every party's write of its phase, a party released
 * from a phase sees it too, every party completes exactly as many phases as the action ran, and a
 * broken generation releases everyone (nobody hangs).
 *
 * <p>Seeded: the seed is in every failure message; rerun with {@code -Dweft.stress.seed=N}.
 */
@Tag("stress")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BarrierStressTest {

  private static final int ROUNDS = 200 * (Boolean.getBoolean("weft.soak") ? 20 : 1);
  private static final int PARTIES = 4;
  private static final int PHASES = 20;

  @Test
  void phasesUnderBreaking() {
    long seed = Long.getLong("weft.stress.seed", System.nanoTime());
    try {
      run(seed);
    } catch (Throwable t) {
      throw new AssertionError("failed with -Dweft.stress.seed=" + seed + ": " + t, t);
    }
  }

  private static void run(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    int fullRounds = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int[] slots = new int[PARTIES]; // plain: published by the barrier
      AtomicInteger actions = new AtomicInteger();
      Barrier barrier =
          new Barrier(
              PARTIES,
              () -> {
                int phase = actions.get() + 1;
                for (int s : slots) {
                  if (s != phase) throw new AssertionError("action saw slot " + s + " in phase " + phase);
                }
                actions.incrementAndGet();
              });
      CancelContext ctx = Context.withCancel(Context.background());
      AtomicIntegerArray completed = new AtomicIntegerArray(PARTIES);
      boolean timed = rnd.nextInt(8) == 0;
      List<Async<Void>> parties = new ArrayList<>();
      for (int p = 0; p < PARTIES; p++) {
        int me = p;
        int form = rnd.nextInt(3);
        parties.add(
            Async.run(
                () -> {
                  try {
                    for (int phase = 1; phase <= PHASES; phase++) {
                      slots[me] = phase;
                      switch (form) {
                        case 0 -> barrier.await();
                        case 1 -> barrier.await(ctx);
                        default -> barrier.await(timed ? Duration.ofNanos(200_000) : Duration.ofMinutes(1));
                      }
                      for (int j = 0; j < PARTIES; j++) {
                        int s = slots[j];
                        if (s != phase && s != phase + 1) {
                          throw new AssertionError("party " + me + " saw slot " + s + " after phase " + phase);
                        }
                      }
                      completed.incrementAndGet(me);
                    }
                  } catch (BrokenBarrierException e) {
                    // the generation broke: this party stops, unless the action found a fault
                    if (e.getCause() instanceof AssertionError fault) throw fault;
                  } catch (InterruptedException | ContextCancelledException | TimeoutException e) {
                    // this party gave up and broke the generation
                  }
                }));
      }
      int hits = rnd.nextInt(3);
      for (int i = 0; i < hits; i++) {
        LockSupport.parkNanos(rnd.nextLong(1_000, 200_000));
        parties.get(rnd.nextInt(PARTIES)).interrupt();
      }
      if (rnd.nextInt(4) == 0) {
        LockSupport.parkNanos(rnd.nextLong(1_000, 200_000));
        ctx.cancel();
      }
      for (Async<Void> p : parties) {
        Throwable t = p.thrown();
        if (t != null) throw new AssertionError("round " + round + ": a party failed", t);
      }
      int tripped = actions.get();
      for (int p = 0; p < PARTIES; p++) {
        assertThat(completed.get(p)).as("round %d: phases of party %d", round, p).isEqualTo(tripped);
      }
      assertThat(barrier.isBroken()).as("round %d: broken iff not all phases ran", round)
          .isEqualTo(tripped < PHASES);
      assertThat(barrier.waiting()).isZero();
      if (tripped == PHASES) fullRounds++;
      ctx.cancel();
    }
    // Both outcomes must have been exercised (about a fifth of the rounds run without chaos).
    assertThat(fullRounds).as("rounds that ran every phase").isPositive().isLessThan(ROUNDS);
  }
}
