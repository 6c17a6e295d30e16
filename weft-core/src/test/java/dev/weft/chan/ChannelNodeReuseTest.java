package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thread reuses one wait node for its blocking sends and receives: an operation that ended by a
 * close, a cancellation or a hand-off racing with it must not leak into the thread's next
 * operation on another channel (a stale "closed" completion, or a value read after the node was
 * reset).
 */
@Tag("stress")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChannelNodeReuseTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /**
   * Each round a receiver waits on a fresh channel A whose close races with the cancellation of
   * the wait; right after, the same thread receives on channel B, which is neither closed nor
   * empty for long. A stale completion from A's close would make that receive report "closed".
   */
  @Test
  void closeRacingWithCancellationDoesNotCompleteTheNextOperation() throws Exception {
    int rounds = 2_000;
    for (int capacity : new int[] {0, 1}) {
      Channel<Integer> b = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
      List<Channel<Integer>> as = new ArrayList<>();
      for (int i = 0; i < rounds; i++) as.add(Channel.unbuffered());
      List<CancelContext> ctxs = new ArrayList<>();
      for (int i = 0; i < rounds; i++) ctxs.add(Context.withCancel(Context.background()));
      CountDownLatch[] waiting = new CountDownLatch[rounds];
      for (int i = 0; i < rounds; i++) waiting[i] = new CountDownLatch(1);

      Async<Integer> receiver =
          tasks.start(
              () -> {
                int got = 0;
                for (int i = 0; i < rounds; i++) {
                  waiting[i].countDown();
                  ReceiveResult<Integer> ra = as.get(i).receiveResult(ctxs.get(i));
                  assertThat(ra)
                      .isInstanceOfAny(ReceiveResult.Closed.class, ReceiveResult.Cancelled.class);
                  ReceiveResult<Integer> rb = b.receiveResult();
                  assertThat(rb).as("round %d", i).isEqualTo(new ReceiveResult.Value<>(i));
                  got++;
                }
                return got;
              });
      Async<Void> closer =
          tasks.start(
              () -> {
                for (int i = 0; i < rounds; i++) {
                  waiting[i].await();
                  if ((i & 1) == 0) {
                    as.get(i).close();
                    ctxs.get(i).cancel();
                  } else {
                    ctxs.get(i).cancel();
                    as.get(i).close();
                  }
                  b.send(i);
                }
                return null;
              });
      closer.join(Duration.ofMinutes(1)).get();
      assertThat(receiver.join(Duration.ofMinutes(1)).get()).isEqualTo(rounds);
    }
  }

  /**
   * A sender handed off to a receiver (rendezvous) returns and immediately reuses its node for the
   * next send; the receiver must still get the value it was handed, in order.
   */
  @Test
  void valuesSurviveTheSendersNextOperation() throws Exception {
    int n = 50_000;
    Channel<Integer> ch = Channel.unbuffered();
    Async<Void> sender =
        tasks.start(
            () -> {
              for (int i = 0; i < n; i++) ch.send(i);
              ch.close();
              return null;
            });
    int expected = 0;
    for (Integer v : ch) assertThat(v).isEqualTo(expected++);
    assertThat(expected).isEqualTo(n);
    sender.join(Duration.ofMinutes(1)).get();
  }
}
