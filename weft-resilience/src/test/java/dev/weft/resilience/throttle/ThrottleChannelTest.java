package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel forms send what the rule lets through, close their output when the input closes
 * (after the pending item) or when the context is done (dropping it), and their thread then ends.
 */
@Timeout(10)
class ThrottleChannelTest {

  private static final Duration MS_100 = Duration.ofMillis(100);
  private final FakeClock clock = new FakeClock();
  private final CancelContext ctx = Context.withCancel(Context.background(clock));
  private final Channel<String> in = Channel.unbuffered();
  private Thread loop;

  /** Starts a form and finds the thread it started. */
  private ReceiveChannel<String> start(Supplier<ReceiveChannel<String>> form) {
    Set<Thread> before = ThreadRegistry.live().keySet();
    ReceiveChannel<String> out = form.get();
    List<Thread> started =
        ThreadRegistry.live().keySet().stream()
            .filter(t -> !before.contains(t) && t.getName().startsWith("weft-"))
            .toList();
    assertThat(started).hasSize(1);
    loop = started.get(0);
    return out;
  }

  /**
   * Waits until the loop has handled what it was just given: every send to it and every firing of
   * its timer unparks it before returning, so it is parked again only once it is done.
   */
  private void settle() {
    Waiting.until("loop parked", () -> Waiting.isParkedInWeft(loop));
  }

  /**
   * Advances one millisecond at a time, letting the loop settle after each: the loop reads the
   * clock on its own thread when it wakes, so an advance must not run past a firing while the loop
   * handles it (every due time in these tests is a whole millisecond).
   */
  private void advance(long millis) {
    for (long i = 0; i < millis; i++) {
      clock.advance(Duration.ofMillis(1));
      settle();
    }
  }

  private void send(String v) throws InterruptedException {
    in.send(v);
    settle();
  }

  private void assertNothingOffered(ReceiveChannel<String> out) {
    assertThat(out.tryReceive().isValue()).isFalse();
  }

  private void assertClosedAndEnded(ReceiveChannel<String> out) throws InterruptedException {
    assertThat(out.receiveResult().isClosed()).isTrue();
    loop.join(Waiting.PATIENCE);
    assertThat(loop.isAlive()).isFalse();
  }

  @Test
  void debounceSendsTheLatestItemOfABurstOnceItIsQuiet() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.debounce(in, MS_100, ctx));
    assertThat(loop.getName()).startsWith("weft-debounce-");
    send("a");
    advance(50);
    send("b");
    advance(99);
    assertNothingOffered(out);
    advance(1);
    assertThat(out.receive()).isEqualTo("b");
    send("c");
    advance(100);
    assertThat(out.receive()).isEqualTo("c");
    in.close();
    assertClosedAndEnded(out);
    assertThat(clock.pending()).as("the timer was stopped").isZero();
  }

  @Test
  void debounceDeliversThePendingItemWhenTheInputClosesThenCloses() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.debounce(in, MS_100, ctx));
    send("a");
    send("b");
    in.close();
    assertThat(out.receive()).isEqualTo("b");
    assertClosedAndEnded(out);
  }

  @Test
  void debounceWithAConfigurationUsesItsEdgesAndClock() throws Exception {
    DebounceConfig config =
        DebounceConfig.of(MS_100)
            .withEdge(Edge.BOTH)
            .withMaxWait(Duration.ofMillis(200))
            .withClock(clock);
    ReceiveChannel<String> out = start(() -> Throttle.debounce(in, config, Context.background()));
    in.send("a");
    assertThat(out.receive()).as("leading edge").isEqualTo("a");
    settle();
    for (String v : List.of("b", "c", "d")) {
      advance(50);
      send(v);
    }
    advance(50); // 200 ms: a steady stream, so the maximum wait makes a call with "d"
    assertThat(out.receive()).isEqualTo("d");
    settle();
    send("e");
    advance(99);
    assertNothingOffered(out);
    advance(1);
    assertThat(out.receive()).isEqualTo("e");
    in.close();
    assertClosedAndEnded(out);
  }

  @Test
  void debounceClosesWhenTheContextIsCancelledAndDropsThePendingItem() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.debounce(in, MS_100, ctx));
    send("a");
    ctx.cancel();
    assertClosedAndEnded(out);
    assertThat(in.isClosedForReceive()).as("the input is left to its senders").isFalse();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aContextDoneBeforeTheStartClosesTheOutputAtOnce() throws Exception {
    ctx.cancel();
    // The thread may be gone before it could be found; the leak check sees it if it stays.
    assertThat(Throttle.throttle(in, MS_100, ctx).receiveResult().isClosed()).isTrue();
    assertThat(Throttle.debounce(in, MS_100, ctx).receiveResult().isClosed()).isTrue();
  }

  @Test
  void throttleSendsTheFirstItemAtOnceAndTheLatestAtTheEndOfTheInterval() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.throttle(in, MS_100, ctx));
    assertThat(loop.getName()).startsWith("weft-throttle-");
    in.send("a");
    assertThat(out.receive()).isEqualTo("a");
    settle();
    send("b");
    send("c");
    advance(99);
    assertNothingOffered(out);
    advance(1);
    assertThat(out.receive()).isEqualTo("c");
    settle();
    advance(100); // the interval opened by "c" ends with nothing pending
    in.send("d");
    assertThat(out.receive()).isEqualTo("d");
    in.close();
    assertClosedAndEnded(out);
  }

  @Test
  void throttleWithoutTrailingDropsItemsDuringTheInterval() throws Exception {
    ThrottleConfig config = ThrottleConfig.of(MS_100).withTrailing(false).withClock(clock);
    ReceiveChannel<String> out = start(() -> Throttle.throttle(in, config, ctx));
    in.send("a");
    assertThat(out.receive()).isEqualTo("a");
    settle();
    send("b");
    advance(100);
    assertNothingOffered(out);
    in.send("c");
    assertThat(out.receive()).isEqualTo("c");
    in.close();
    assertClosedAndEnded(out);
  }

  @Test
  void throttleDeliversThePendingItemWhenTheInputClosesThenCloses() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.throttle(in, MS_100, ctx));
    in.send("a");
    assertThat(out.receive()).isEqualTo("a");
    send("b");
    in.close();
    assertThat(out.receive()).isEqualTo("b");
    assertClosedAndEnded(out);
  }

  @Test
  void cancellingWhileTheLoopWaitsForTheConsumerClosesTheOutput() throws Exception {
    ReceiveChannel<String> out = start(() -> Throttle.throttle(in, MS_100, ctx));
    send("a"); // the loop now waits to hand "a" over
    ctx.cancel();
    // No receiver meets the loop before it sees the cancellation (one arriving at the same moment
    // could still take "a", as with any send racing a cancellation).
    loop.join(Waiting.PATIENCE);
    assertThat(loop.isAlive()).isFalse();
    assertThat(out.receiveResult().isClosed()).isTrue();
  }
}
