package dev.weft.context;

import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * done() is one channel per context, closed when the context is done and usable in a Select; for a
 * context that can never be done it is the nil channel, which never fires.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextDoneChannelTest {

  @Test
  void sameChannelOnRepeatedCalls() {
    CancelContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Void> done = ctx.done();
    assertThat(ctx.done()).isSameAs(done);
    assertThat(Context.withValue(ctx, ContextKey.of("k"), 1).done()).isSameAs(done);
    ctx.cancel();
    assertThat(ctx.done()).isSameAs(done);
  }

  @Test
  void openUntilCancelledThenClosed() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Void> done = ctx.done();
    assertThat(done.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
    assertThat(done.isClosedForReceive()).isFalse();

    ctx.cancel();

    assertThat(done.receiveResult()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(done.tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(done.isClosedForReceive()).isTrue();
    assertThatThrownBy(done::receive).isInstanceOf(ChannelClosedException.class);
    assertThat(done.iterator().hasNext()).isFalse();
  }

  @Test
  void firstRequestedAfterCancelIsClosed() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(ctx.done().receiveResult()).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Test
  void blockedReceiverWakesOnCancel() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicReference<ReceiveResult<Void>> got = new AtomicReference<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    got.set(ctx.done().receiveResult());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Waiting.untilWaiting(waiter);

    ctx.cancel();

    waiter.join();
    assertThat(got.get()).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Test
  void selectOnDoneFiresWhenCancelledWhileWaiting() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    Channel<String> idle = Channel.unbuffered();
    Thread selecting = Thread.currentThread();
    Thread canceller =
        Thread.ofVirtual()
            .start(
                () -> {
                  Waiting.untilWaiting(selecting); // the select below has parked
                  ctx.cancel();
                });

    String r =
        new Select<String>()
            .onReceive(idle, v -> "value")
            .onDone(ctx, () -> "done")
            .onTimeout(Duration.ofSeconds(20), () -> "timeout")
            .select();
    canceller.join();

    assertThat(r).isEqualTo("done");
  }

  @Test
  void selectOnDoneFiresWhenTheDeadlinePasses() throws InterruptedException {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    Thread.ofVirtual().start(() -> clock.advance(Duration.ofSeconds(1)));

    String r =
        new Select<String>()
            .onDone(ctx, () -> "done")
            .onTimeout(Duration.ofSeconds(20), () -> "timeout")
            .select();

    assertThat(r).isEqualTo("done");
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
  }

  @Test
  void selectOnDoneIsReadyWhenAlreadyDone() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    String r = new Select<String>().onDone(ctx, () -> "done").orElse(() -> "default").select();
    assertThat(r).isEqualTo("done");
  }

  @Test
  void selectOnReceiveResultOfDoneGetsClosed() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    Context child = Context.withValue(ctx, ContextKey.of("k"), 1);
    ctx.cancel();
    ReceiveResult<Void> r =
        new Select<ReceiveResult<Void>>()
            .onReceiveResult(child.done(), res -> res)
            .onTimeout(Duration.ofSeconds(20), () -> null)
            .select();
    assertThat(r).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Test
  void notReadyBeforeDone() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    String r = new Select<String>().onDone(ctx, () -> "done").orElse(() -> "default").select();
    assertThat(r).isEqualTo("default");
  }

  @Test
  void backgroundDoneIsTheNilChannel() throws InterruptedException {
    for (Context c :
        new Context[] {
          Context.background(),
          Context.todo(),
          Context.background(new FakeClock()),
          Context.withValue(Context.background(), ContextKey.of("k"), 1)
        }) {
      assertThat(c.done()).as("%s", c).isSameAs(Channel.nil());
      assertThat(c.done().tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
      String onDone =
          new Select<String>()
              .onDone(c, () -> "done")
              .onTimeout(Duration.ofMillis(20), () -> "timeout")
              .select();
      String onReceive =
          new Select<String>()
              .onReceiveResult(c.done(), r -> "received")
              .onTimeout(Duration.ofMillis(20), () -> "timeout")
              .select();
      assertThat(onDone).isEqualTo("timeout");
      assertThat(onReceive).isEqualTo("timeout");
    }
  }
}
