package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Barrier} releases its parties together, generation after generation, with arrival indexes
 * and a barrier action run by the last arriver before anyone goes on.
 */
@Timeout(10)
class BarrierTest {

  @Test
  void partiesWaitForTheLastAndGetTheirArrivalIndex() throws Exception {
    Barrier b = new Barrier(3);
    assertThat(b).hasToString("Barrier[parties=3, waiting=0]");
    Async<Integer> first = Async.call(b::await).awaitParkedOn(b);
    Async<Integer> second = Async.call(b::await).awaitParkedOn(b);
    assertThat(b.waiting()).isEqualTo(2);
    first.assertStillBlocked();
    assertThat(b.await()).isEqualTo(2); // the last arriver
    assertThat(first.get()).isZero();
    assertThat(second.get()).isEqualTo(1);
    assertThat(b.waiting()).isZero();
    assertThat(b.isBroken()).isFalse();
  }

  @Test
  void aSinglePartyNeverWaitsAndRunsTheActionEachTime() throws Exception {
    AtomicInteger actions = new AtomicInteger();
    Barrier b = new Barrier(1, actions::incrementAndGet);
    assertThat(b.await()).isZero();
    assertThat(b.await()).isZero();
    assertThat(actions.get()).isEqualTo(2);
  }

  /** Written by the parties and the action without synchronization. */
  private final int[] slots = new int[4];

  private int sum;

  @Test
  void theActionSeesEveryPartysWritesAndEveryPartySeesTheActions() throws Exception {
    Barrier b =
        new Barrier(
            4,
            () -> {
              int s = 0;
              for (int v : slots) s += v;
              sum = s;
            });
    List<Async<Integer>> parties = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int me = i;
      parties.add(
          Async.call(
              () -> {
                slots[me] = me + 1;
                b.await();
                return sum;
              }));
    }
    for (Async<Integer> p : parties) assertThat(p.get()).isEqualTo(10);
  }

  @Test
  void theBarrierIsReusedGenerationAfterGeneration() throws Exception {
    AtomicInteger phases = new AtomicInteger();
    Barrier b = new Barrier(3, phases::incrementAndGet);
    List<Async<List<Integer>>> parties = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parties.add(
          Async.call(
              () -> {
                List<Integer> seen = new ArrayList<>();
                for (int round = 0; round < 50; round++) {
                  b.await();
                  seen.add(phases.get());
                }
                return seen;
              }));
    }
    for (Async<List<Integer>> p : parties) {
      List<Integer> seen = p.get();
      for (int round = 0; round < 50; round++) {
        // This phase's action ran before the release; the next phase needs this party again.
        assertThat(seen.get(round)).isEqualTo(round + 1);
      }
    }
    assertThat(phases.get()).isEqualTo(50);
  }

  @Test
  void aFailingActionBreaksTheGenerationForEveryone() throws Exception {
    IOException boom = new IOException("boom");
    Barrier b = new Barrier(2, () -> { throw boom; });
    Async<Integer> waiter = Async.call(b::await).awaitParkedOn(b);
    assertThatThrownBy(b::await)
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessage("Barrier: broken because the barrier action failed")
        .hasCause(boom);
    assertThat(waiter.failure()).isInstanceOf(BrokenBarrierException.class).hasCause(boom);
    assertThat(b.isBroken()).isTrue();
    assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class).hasCause(boom);
  }

  @Test
  void anActionThatThrowsInterruptedExceptionPassesItToTheLastArriver() throws Exception {
    InterruptedException ie = new InterruptedException("action interrupted");
    Barrier b = new Barrier(2, () -> { throw ie; });
    Async<Integer> waiter = Async.call(b::await).awaitParkedOn(b);
    assertThatThrownBy(b::await).isSameAs(ie);
    assertThat(waiter.failure()).isInstanceOf(BrokenBarrierException.class).hasCause(ie);
  }

  @Test
  void awaitOrResetFromInsideTheActionFailsFast() throws Exception {
    List<Throwable> thrown = new ArrayList<>();
    Barrier[] self = new Barrier[1];
    self[0] =
        new Barrier(
            1,
            () -> {
              try {
                self[0].await();
              } catch (IllegalStateException e) {
                thrown.add(e);
              }
              try {
                self[0].reset();
              } catch (IllegalStateException e) {
                thrown.add(e);
              }
            });
    assertThat(self[0].await()).isZero();
    assertThat(thrown)
        .extracting(Throwable::getMessage)
        .containsExactly(
            "Barrier: await called from inside the barrier action",
            "Barrier: reset called from inside the barrier action");
  }

  @Test
  void resetBreaksTheWaitersAndStartsAFreshGeneration() throws Exception {
    Barrier b = new Barrier(2);
    Async<Integer> waiter = Async.call(b::await).awaitParkedOn(b);
    b.reset();
    assertThat(waiter.failure())
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessage("Barrier: reset while parties were waiting");
    assertThat(b.isBroken()).isFalse();
    Async<Integer> next = Async.call(b::await).awaitParkedOn(b);
    assertThat(b.await()).isEqualTo(1);
    assertThat(next.get()).isZero();
  }

  @Test
  void resetRepairsABrokenBarrier() throws Exception {
    Barrier b = new Barrier(2);
    Async<Integer> waiter = Async.call(b::await).awaitParkedOn(b);
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(b.isBroken()).isTrue();
    assertThat(b).hasToString("Barrier[parties=2, waiting=0, broken]");
    b.reset();
    assertThat(b.isBroken()).isFalse();
    Async<Integer> next = Async.call(b::await).awaitParkedOn(b);
    b.await();
    next.get();
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> new Barrier(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Barrier: parties must be >= 1, was 0");
    assertThatThrownBy(() -> new Barrier(-3, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Barrier(2, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Barrier: action is null");
    Barrier b = new Barrier(2);
    assertThatThrownBy(() -> b.await((dev.weft.context.Context) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Barrier: context is null");
    assertThatThrownBy(() -> b.await((java.time.Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Barrier: timeout is null");
    assertThat(b.parties()).isEqualTo(2);
    assertThat(b.waiting()).isZero();
  }
}
