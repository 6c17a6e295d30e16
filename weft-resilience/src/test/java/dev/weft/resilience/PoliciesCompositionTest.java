package dev.weft.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.resilience.bulkhead.Bulkhead;
import dev.weft.resilience.bulkhead.BulkheadConfig;
import dev.weft.resilience.retry.Retry;
import dev.weft.resilience.retry.RetryConfig;
import dev.weft.resilience.timeout.Fallback;
import dev.weft.resilience.timeout.Timeout;
import dev.weft.resilience.timeout.TimeoutExceededException;
import dev.weft.sync.Semaphore;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In the recommended order a timeout bounds each attempt, and a fallback sees what is left. */
@org.junit.jupiter.api.Timeout(30)
class PoliciesCompositionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Context background = Context.background(clock);
  private final Retry retry =
      new Retry(
          RetryConfig.defaults()
              .withBackoff(Backoff.constant(Duration.ofSeconds(1)))
              .withMaxAttempts(2)
              .withClock(clock));
  private final Bulkhead bulkhead =
      new Bulkhead(BulkheadConfig.defaults().withMaxConcurrentCalls(1));
  private final Policy guarded =
      Policies.of(retry, bulkhead, Timeout.of("attempt", Duration.ofSeconds(2)));

  /** Blocks in a context-aware wait until {@code c} is done. */
  private static String blockUntilDone(Context c) throws InterruptedException {
    Semaphore s = new Semaphore(1);
    s.acquire(1);
    s.acquire(1, c);
    return "never";
  }

  @Test
  void aTimedOutAttemptIsRetriedThroughTheBulkheadAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Async<String> call =
        tasks.start(
            () ->
                guarded.call(
                    background,
                    c -> attempts.incrementAndGet() == 1 ? blockUntilDone(c) : "second"));
    clock.awaitPending(1); // the first attempt's deadline
    call.awaitParked();
    clock.advance(Duration.ofSeconds(2));
    clock.awaitPending(1); // the retry's back-off
    assertThat(bulkhead.available()).isEqualTo(1); // the timed-out attempt left the bulkhead
    clock.advance(Duration.ofSeconds(1));
    assertThat(call.get()).isEqualTo("second");
    assertThat(retry.metrics().succeededAfterRetry()).isEqualTo(1);
    assertThat(bulkhead.admitted()).isEqualTo(2);
  }

  @Test
  void aFallbackOutsideTheCompositionSeesTheFailureLeftAfterRetries() throws Exception {
    Fallback<String> cached =
        Fallback.of(TimeoutExceededException.class::isInstance, e -> "cached");
    AtomicInteger attempts = new AtomicInteger();
    Async<String> call =
        tasks.start(
            () ->
                cached.call(
                    background,
                    c ->
                        guarded.call(
                            c,
                            c2 -> {
                              attempts.incrementAndGet();
                              return blockUntilDone(c2);
                            })));
    clock.awaitPending(1);
    call.awaitParked();
    clock.advance(Duration.ofSeconds(2));
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(1));
    clock.awaitPending(1);
    call.awaitParked();
    clock.advance(Duration.ofSeconds(2));
    assertThat(call.get()).isEqualTo("cached");
    assertThat(attempts).hasValue(2);
  }
}
