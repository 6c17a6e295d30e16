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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Fan#tee}: every output receives every item in input order; a slow output holds the tee
 * back; outputs close on input close and on cancellation.
 */
@Timeout(10)
class FanTeeTest {

  @ParameterizedTest(name = "n {0}, capacity {1}")
  @CsvSource({"1, 0", "3, 0", "3, 4"})
  void everyOutputGetsEveryItemInOrder(int n, int capacity) throws Exception {
    FanOut<Integer> fan = Fan.tee(Context.background(), closedRange(0, 200), n, capacity);
    List<Integer> expected = IntStream.range(0, 200).boxed().toList();
    List<List<Integer>> got = drainAll(fan.outputs());
    assertThat(got).hasSize(n).allSatisfy(l -> assertThat(l).isEqualTo(expected));
    assertThat(fan.dropped()).isZero();
  }

  @Test
  void aSlowOutputHoldsTheTeeBack() throws Exception {
    Channel<Integer> in = closedRange(0, 10);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      FanOut<Integer> fan = Fan.tee(ctx, in, 2, 2);
      // output 1 is never read: the tee can take item 2, deliver it to output 0 only, and stop.
      awaitLen(fan.output(1), 2);
      awaitLenAtMost(in, 7);
      assertThat(drain0(fan, 3)).containsExactly(0, 1, 2);
      assertThat(fan.output(0).tryReceive().isValue()).isFalse();
      assertThat(in.len()).isEqualTo(7); // nothing more was taken while output 1 is full
      ctx.cancel();
      fan.await();
      assertThat(drain(fan.output(1))).containsExactly(0, 1);
      assertThat(fan.dropped()).isEqualTo(1); // item 2 reached output 0 only
      assertThat(drain(fan.output(0))).isEmpty();
    }
  }

  @Test
  void cancelBeforeClosesOutputs() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    FanOut<Integer> fan = Fan.tee(ctx, Channel.<Integer>unbuffered(), 3, 1);
    assertThat(drainAll(fan.outputs())).allSatisfy(l -> assertThat(l).isEmpty());
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Fan.tee(Context.background(), Channel.unbuffered(), -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fan: n must be > 0, got -1");
    assertThatThrownBy(() -> Fan.tee(null, Channel.unbuffered(), 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Fan: ctx is null");
  }

  /** Receives {@code k} items from output 0. */
  private static List<Integer> drain0(FanOut<Integer> fan, int k) throws InterruptedException {
    Integer[] got = new Integer[k];
    for (int i = 0; i < k; i++) got[i] = fan.output(0).receive();
    return List.of(got);
  }
}
