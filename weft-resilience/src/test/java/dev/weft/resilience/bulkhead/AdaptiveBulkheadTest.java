package dev.weft.resilience.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An adaptive bulkhead raises its limit by one per window of fast calls, cuts it on trouble. */
@Timeout(30)
class AdaptiveBulkheadTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Context ctx = Context.background(clock);

  private AdaptiveBulkhead bulkhead(int min, int initial, int max, double factor) {
    return new AdaptiveBulkhead(
        AdaptiveBulkheadConfig.defaults()
            .withName("search")
            .withLimits(min, initial, max)
            .withLatencyTarget(Duration.ofMillis(100))
            .withDecreaseFactor(factor)
            .withClock(clock));
  }

  private void fast(AdaptiveBulkhead b) throws Exception {
    b.call(ctx, c -> "ok");
  }

  private void slow(AdaptiveBulkhead b) throws Exception {
    b.call(
        ctx,
        c -> {
          clock.advance(Duration.ofMillis(101));
          return "slow";
        });
  }

  private static void failing(AdaptiveBulkhead b) {
    assertThatThrownBy(
            () ->
                b.call(
                    Context.background(),
                    c -> {
                      throw new IOException("down");
                    }))
        .isInstanceOf(IOException.class);
  }

  @Test
  void fastSuccessesRaiseTheLimitByOnePerWindowUpToTheMaximum() throws Exception {
    AdaptiveBulkhead b = bulkhead(1, 2, 4, 0.5);
    fast(b);
    assertThat(b.limit()).isEqualTo(2);
    fast(b);
    assertThat(b.limit()).isEqualTo(3);
    for (int i = 0; i < 3; i++) fast(b);
    assertThat(b.limit()).isEqualTo(4);
    for (int i = 0; i < 20; i++) fast(b);
    assertThat(b.limit()).isEqualTo(4);
    assertThat(b.available()).isEqualTo(4);
  }

  @Test
  void errorsAndSlowCallsCutTheLimitDownToTheMinimum() throws Exception {
    AdaptiveBulkhead b = bulkhead(2, 10, 10, 0.5);
    failing(b);
    assertThat(b.limit()).isEqualTo(5);
    slow(b);
    assertThat(b.limit()).isEqualTo(2);
    failing(b);
    assertThat(b.limit()).isEqualTo(2);
    assertThat(b.available()).isEqualTo(2);
  }

  @Test
  void aFailureAfterTheCallerGaveUpLeavesTheLimitAlone() {
    AdaptiveBulkhead b = bulkhead(1, 4, 4, 0.5);
    CancelContext cancelled = Context.withCancel(ctx);
    assertThatThrownBy(
            () ->
                b.call(
                    cancelled,
                    c -> {
                      cancelled.cancel();
                      throw new IOException("abandoned");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(b.limit()).isEqualTo(4);
  }

  @Test
  void aDecreaseTakesEffectAsRunningCallsFinish() throws Exception {
    AdaptiveBulkhead b = bulkhead(1, 4, 4, 0.5);
    Gate gate = new Gate();
    List<Async<String>> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(
          tasks.start(
              () ->
                  b.call(
                      ctx,
                      c -> {
                        gate.pass();
                        return "held";
                      })));
    }
    gate.awaitStarted(3);
    failing(b); // the fourth permit: limit 4 -> 2 while three calls run
    assertThat(b.limit()).isEqualTo(2);
    assertThat(b.available()).isZero();
    assertThatThrownBy(() -> fast(b))
        .isInstanceOf(BulkheadFullException.class)
        .hasMessageContaining("'search'");
    gate.open();
    for (Async<String> r : running) assertThat(r.get()).isEqualTo("held");
    // three fast successes at limit 2 raise it once: 3
    assertThat(b.limit()).isEqualTo(3);
    assertThat(b.available()).isEqualTo(b.limit());
  }

  @Test
  void badConfigurationIsRejected() {
    AdaptiveBulkheadConfig d = AdaptiveBulkheadConfig.defaults();
    assertThatThrownBy(() -> d.withLimits(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AdaptiveBulkheadConfig: minLimit must be >= 1, was 0");
    assertThatThrownBy(() -> d.withLimits(2, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AdaptiveBulkheadConfig: maxLimit");
    assertThatThrownBy(() -> d.withLimits(2, 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AdaptiveBulkheadConfig: initialLimit");
    assertThatThrownBy(() -> d.withDecreaseFactor(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AdaptiveBulkheadConfig: decreaseFactor");
    assertThatThrownBy(() -> d.withLatencyTarget(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AdaptiveBulkheadConfig: latencyTarget");
    assertThatThrownBy(() -> d.withMaxWait(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withClock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AdaptiveBulkhead(null)).isInstanceOf(NullPointerException.class);
  }
}
