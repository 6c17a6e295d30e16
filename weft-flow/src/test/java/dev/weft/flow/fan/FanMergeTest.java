package dev.weft.flow.fan;

import static dev.weft.flow.fan.FanTesting.awaitClosedBySender;
import static dev.weft.flow.fan.FanTesting.awaitLen;
import static dev.weft.flow.fan.FanTesting.awaitLenAtMost;
import static dev.weft.flow.fan.FanTesting.closedRange;
import static dev.weft.flow.fan.FanTesting.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Fan#merge}: every item of every input arrives exactly once, in order per input; the output
 * closes when all inputs close or when the context is cancelled, and the merge threads end.
 */
@Timeout(10)
class FanMergeTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1, 16})
  void deliversEveryItemExactlyOnceKeepingEachInputsOrder(int capacity) throws Exception {
    List<ReceiveChannel<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < 5; i++) inputs.add(closedRange(i * 1000, i * 1000 + 200));
    List<Integer> got = drain(Fan.merge(Context.background(), inputs, capacity));
    assertThat(got).hasSize(1000).doesNotHaveDuplicates();
    for (int i = 0; i < 5; i++) {
      int base = i * 1000;
      assertThat(got.stream().filter(v -> v >= base && v < base + 1000).toList())
          .as("input %d in order", i)
          .isSorted()
          .hasSize(200);
    }
  }

  @Test
  void outputStaysOpenUntilTheLastInputCloses() throws Exception {
    Channel<String> a = Channel.buffered(1);
    Channel<String> b = Channel.buffered(1);
    ReceiveChannel<String> out = Fan.merge(Context.background(), a, b);
    a.send("a1");
    a.close();
    assertThat(out.receive()).isEqualTo("a1");
    b.send("b1");
    assertThat(out.receive()).isEqualTo("b1");
    assertThat(out.isClosedForReceive()).isFalse();
    b.close();
    assertThat(out.receiveResult().isClosed()).isTrue();
  }

  @Test
  void noInputsGivesAClosedOutput() {
    ReceiveChannel<Object> out = Fan.merge(Context.background(), List.of(), 4);
    assertThat(out.isClosedForReceive()).isTrue();
  }

  @Test
  void cancelBeforeClosesTheOutputAndLeavesInputsUntouched() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Channel<Integer> in = Channel.buffered(3);
    in.send(1);
    in.send(2);
    ReceiveChannel<Integer> out = Fan.merge(ctx, List.of(in), 0);
    assertThat(drain(out)).isEmpty();
    assertThat(in.len()).isEqualTo(2);
    assertThat(in.isClosedForSend()).isFalse();
  }

  @Test
  void cancelWhileBlockedClosesTheOutputAndEndsTheThreads() throws Exception {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Channel<Integer> busy = Channel.buffered(10);
      for (int i = 0; i < 10; i++) busy.send(i);
      Channel<Integer> idle = Channel.unbuffered(); // never sends: its forwarder waits to receive
      ReceiveChannel<Integer> out = Fan.merge(ctx, List.of(busy, idle), 2);
      awaitLen(out, 2);
      awaitLenAtMost(busy, 7); // the busy forwarder holds item 2, blocked on the full output
      ctx.cancel();
      awaitClosedBySender(out);
      List<Integer> got = drain(out);
      assertThat(got).containsExactly(0, 1);
      // one item (2) was taken and dropped; the rest stayed in the input
      assertThat(drain(closeAndReturn(busy))).containsExactly(3, 4, 5, 6, 7, 8, 9);
    }
    // the leak-check extension fails this test if a merge thread is still alive
  }

  @Test
  void rejectsBadArgumentsNamingTheTypeAndArgument() {
    Channel<Integer> in = Channel.unbuffered();
    assertThatThrownBy(() -> Fan.merge(Context.background(), List.of(in), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fan: capacity must be >= 0, got -1");
    assertThatThrownBy(() -> Fan.merge(null, in))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Fan: ctx is null");
    assertThatThrownBy(() -> Fan.merge(Context.background(), Arrays.asList(in, null), 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Fan: inputs[1] is null");
  }

  private static <T> Channel<T> closeAndReturn(Channel<T> ch) {
    ch.close();
    return ch;
  }
}
