package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.flow.pool.ResultGroup;
import dev.weft.flow.pool.WorkerPool;
import dev.weft.resilience.breaker.CircuitBreaker;
import dev.weft.sync.WaitGroup;
import dev.weft.test.LeakedThreadsError;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** weft-core, weft-flow, weft-resilience and weft-test used from another project, under JUnit 5. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerTest {

  /** Held by the leaking example's thread until the check below has seen it leak. */
  private static final CountDownLatch release = new CountDownLatch(1);

  @Test
  void runsOnJUnit5NotOnTheJUnitWeftIsBuiltWith() {
    String version = Test.class.getPackage().getImplementationVersion();
    assertTrue(version.startsWith("5."), "JUnit Jupiter " + version);
  }

  @Test
  void workerPoolTasksSendOnAChannel() throws Exception {
    Channel<Integer> squares = Channel.buffered(3);
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<Integer> group = pool.group();
      for (int i = 1; i <= 3; i++) {
        int v = i;
        group.submit(
            () -> {
              squares.send(v * v);
              return v;
            });
      }
      assertEquals(List.of(1, 2, 3), group.await());
    }
    squares.close();
    int sum = 0;
    for (int s : squares) sum += s;
    assertEquals(1 + 4 + 9, sum);
  }

  @Test
  void aCircuitBreakerPassesACallThrough() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.of("consumer");
    String answer = breaker.call(Context.background(), ctx -> "ok");
    assertEquals("ok", answer);
  }

  @Test
  void theLeakCheckExtensionIsLoadedAndFailsALeakingTest() throws InterruptedException {
    EngineExecutionResults results;
    try {
      results =
          EngineTestKit.engine("junit-jupiter")
              .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
              .selectors(selectClass(LeakingExample.class))
              .execute();
    } finally {
      release.countDown();
    }
    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    Throwable failure =
        results.testEvents().failed().list().get(0)
            .getRequiredPayload(TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertInstanceOf(LeakedThreadsError.class, failure);
    assertTrue(failure.getMessage().contains("leaksAThread"), failure.getMessage());
    LeakingExample.group.await(); // the leaked thread ends now that it is released
  }

  /** Run only through the test kit above (Surefire skips nested classes). */
  static class LeakingExample {
    static final WaitGroup group = new WaitGroup();

    @Test
    void leaksAThread() {
      group.go(release::await);
    }
  }
}
