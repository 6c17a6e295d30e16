package dev.weft.flow.fan;

import static dev.weft.flow.fan.FanTesting.awaitLen;
import static dev.weft.flow.fan.FanTesting.awaitLenAtMost;
import static dev.weft.flow.fan.FanTesting.closedRange;
import static dev.weft.flow.fan.FanTesting.drain;
import static dev.weft.flow.fan.FanTesting.drainAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Waiting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Fan#split} and {@link Fan#splitBy}: every item reaches exactly one output (round-robin, or
 * the same output for the same key); outputs close on input close, on cancellation and when the
 * key function fails, and the dropped item is counted.
 */
@Timeout(10)
class FanSplitTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 3})
  void roundRobinSendsItemKToOutputKModN(int capacity) throws Exception {
    FanOut<Integer> fan = Fan.split(Context.background(), closedRange(0, 100), 3, capacity);
    List<List<Integer>> got = drainAll(fan.outputs());
    for (int k = 0; k < 3; k++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = k; i < 100; i += 3) expected.add(i);
      assertThat(got.get(k)).containsExactlyElementsOf(expected);
    }
    assertThat(fan.dropped()).isZero();
    assertThat(fan.failure()).isEmpty();
    assertThat(fan.size()).isEqualTo(3);
  }

  @Test
  void byKeyDeliversEachItemOnceAndEqualKeysToOneOutputInOrder() throws Exception {
    FanOut<Integer> fan =
        Fan.splitBy(Context.background(), closedRange(0, 1000), 4, i -> "key" + (i % 13), 2);
    List<List<Integer>> got = drainAll(fan.outputs());
    Map<Integer, Integer> outputOfKey = new HashMap<>();
    int total = 0;
    for (int o = 0; o < 4; o++) {
      assertThat(got.get(o)).isSorted();
      total += got.get(o).size();
      for (int v : got.get(o)) {
        Integer prev = outputOfKey.putIfAbsent(v % 13, o);
        assertThat(prev == null || prev == o).as("key %d on one output", v % 13).isTrue();
      }
    }
    assertThat(total).isEqualTo(1000);
    assertThat(got.stream().flatMap(List::stream).distinct().count()).isEqualTo(1000);
    assertThat(outputOfKey).hasSize(13);
  }

  @Test
  void nullKeysAreAllowed() throws Exception {
    FanOut<Integer> fan = Fan.splitBy(Context.background(), closedRange(0, 10), 3, i -> null, 0);
    List<List<Integer>> got = drainAll(fan.outputs());
    assertThat(got.get(Fan.index(null, 3))).hasSize(10);
  }

  @Test
  void keyFunctionFailureClosesOutputsAndIsReported() throws Exception {
    IllegalStateException boom = new IllegalStateException("bad key");
    FanOut<Integer> fan =
        Fan.splitBy(
            Context.background(),
            closedRange(0, 10),
            2,
            i -> {
              if (i == 5) throw boom;
              return i;
            },
            10);
    List<List<Integer>> got = drainAll(fan.outputs());
    assertThat(got.stream().flatMap(List::stream).sorted().toList()).containsExactly(0, 1, 2, 3, 4);
    assertThat(fan.failure()).containsSame(boom);
    assertThat(fan.dropped()).isEqualTo(1);
  }

  @Test
  void cancelWhileBlockedDropsTheHeldItemAndClosesEveryOutput() throws Exception {
    Channel<Integer> in = Channel.buffered(10);
    for (int i = 0; i < 10; i++) in.send(i);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      FanOut<Integer> fan = Fan.split(ctx, in, 2, 1);
      awaitLen(fan.output(0), 1);
      awaitLen(fan.output(1), 1);
      awaitLenAtMost(in, 7); // item 2 is held, blocked on the full output 0
      ctx.cancel();
      fan.await();
      assertThat(fan.isDone()).isTrue();
      assertThat(drain(fan.output(0))).containsExactly(0);
      assertThat(drain(fan.output(1))).containsExactly(1);
      assertThat(fan.dropped()).isEqualTo(1);
      assertThat(fan.failure()).isEmpty();
      assertThat(in.len()).isEqualTo(7);
    }
  }

  @Test
  void cancelBeforeClosesOutputsTakingNothing() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Channel<Integer> in = closedRange(0, 3);
    FanOut<Integer> fan = Fan.split(ctx, in, 2, 0);
    assertThat(drainAll(fan.outputs())).containsExactly(List.of(), List.of());
    assertThat(in.len()).isEqualTo(3);
    assertThat(fan.dropped()).isZero();
  }

  @Test
  void awaitWaitsForTheDistributionToStop() throws Exception {
    Channel<Integer> in = Channel.unbuffered();
    FanOut<Integer> fan = Fan.split(Context.background(), in, 2, 0);
    assertThat(fan.isDone()).isFalse();
    CancelContext waitCtx = Context.withCancel(Context.background());
    waitCtx.cancel();
    assertThatThrownBy(() -> fan.await(waitCtx))
        .isInstanceOf(ContextCancelledException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(fan::await).isInstanceOf(InterruptedException.class);
    assertThat(fan).hasToString("FanOut[running, outputs=2, dropped=0]");
    in.close();
    fan.await(Context.background());
    assertThat(fan.isDone()).isTrue();
    assertThat(fan).hasToString("FanOut[done, outputs=2, dropped=0]");
  }

  @Test
  void awaitGivesUpWhenInterruptedOrCancelledWhileWaiting() throws Exception {
    Channel<Integer> in = Channel.unbuffered();
    FanOut<Integer> fan = Fan.split(Context.background(), in, 1, 0);
    CompletableFuture<Throwable> first = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        fan.await();
        first.complete(null);
      } catch (Throwable t) {
        first.complete(t);
      }
    });
    Waiting.untilWaiting(waiter);
    waiter.interrupt();
    assertThat(first.get()).isInstanceOf(InterruptedException.class);
    try (CancelContext waitCtx = Context.withCancel(Context.background())) {
      CompletableFuture<Throwable> second = new CompletableFuture<>();
      Thread waiter2 = Thread.ofVirtual().start(() -> {
        try {
          fan.await(waitCtx);
          second.complete(null);
        } catch (Throwable t) {
          second.complete(t);
        }
      });
      Waiting.untilWaiting(waiter2);
      waitCtx.cancel();
      assertThat(second.get()).isInstanceOf(ContextCancelledException.class);
    }
    assertThat(fan.isDone()).isFalse();
    in.close();
    fan.await();
  }

  @Test
  void rejectsBadArguments() {
    Channel<Integer> in = Channel.unbuffered();
    assertThatThrownBy(() -> Fan.split(Context.background(), in, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fan: n must be > 0, got 0");
    assertThatThrownBy(() -> Fan.split(Context.background(), in, 2, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fan: capacity must be >= 0, got -3");
    assertThatThrownBy(() -> Fan.splitBy(Context.background(), in, 2, null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Fan: keyFn is null");
    assertThatThrownBy(() -> Fan.split(Context.background(), null, 2, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Fan: input is null");
  }
}
