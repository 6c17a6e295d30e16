package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failed fire-and-forget task never vanishes: the default handler gets it (routed to a list here,
 * so nothing is printed) and the stop report counts it; a configured handler gets it instead.
 */
@Timeout(10)
class GoFailureTest {

  private final List<Throwable> logged = new CopyOnWriteArrayList<>();
  private final PoolTuning capturing = PoolTuning.defaults().withDefaultFailureHandler(logged::add);

  private static void thrower(String message) throws IOException {
    throw new IOException(message);
  }

  @Test
  void theDefaultHandlerLogsTheFailureWithItsStackAndTheStopReportCountsIt() throws Exception {
    WorkerPool pool = capturing.newPool(PoolConfig.defaults().withMaxWorkers(1));
    TaskOutcome<Void> o = pool.go(() -> thrower("lost")).awaitOutcome();
    Throwable e = ((TaskOutcome.Failed<Void>) o).error();
    assertThat(logged).containsExactly(e);
    pool.go(() -> thrower("second")).awaitOutcome();
    StopReport report = pool.stop(Duration.ofSeconds(5));
    assertThat(report.unobservedFailures()).isEqualTo(2);
    assertThat(report.firstUnobservedFailures()).hasSize(2).first().isSameAs(e);
    assertThat(report.isClean()).isTrue();
    assertThat(pool.stop(Duration.ofSeconds(5)).unobservedFailures()).isZero(); // reported once
  }

  @Test
  void theReportKeepsOnlyTheFirstFewButCountsThemAll() throws Exception {
    WorkerPool pool = capturing.newPool(PoolConfig.defaults().withMaxWorkers(1));
    int n = FailureSink.MAX_REPORTED + 3;
    for (int i = 0; i < n; i++) pool.go(() -> thrower("x")).awaitOutcome();
    StopReport report = pool.stopNow();
    assertThat(report.unobservedFailures()).isEqualTo(n);
    assertThat(report.firstUnobservedFailures()).hasSize(FailureSink.MAX_REPORTED);
  }

  @Test
  void submittedTasksAreObservedThroughTheirHandleAndNotLogged() throws Exception {
    WorkerPool pool = capturing.newPool(PoolConfig.defaults().withMaxWorkers(1));
    pool.submit(() -> {
          thrower("seen");
          return 1;
        })
        .awaitOutcome();
    assertThat(logged).isEmpty();
    assertThat(pool.stop(Duration.ofSeconds(5)).unobservedFailures()).isZero();
  }

  @Test
  void aConfiguredHandlerGetsTheFailureInsteadOfTheLog() throws Exception {
    List<Throwable> handled = new CopyOnWriteArrayList<>();
    WorkerPool pool = capturing.newPool(PoolConfig.defaults().withFailureHandler(handled::add));
    Throwable e = ((TaskOutcome.Failed<Void>) pool.go(() -> thrower("h")).awaitOutcome()).error();
    assertThat(handled).containsExactly(e);
    assertThat(logged).isEmpty();
    assertThat(pool.stop(Duration.ofSeconds(5)).unobservedFailures()).isZero();
  }

  @Test
  void everyPoolLogsThroughTheNamedSystemLogger() {
    assertThat(PoolTuning.defaults().defaultFailureHandler()).isNotNull();
    assertThat(FailureSink.LOGGER_NAME).isEqualTo("dev.weft.flow.pool");
    assertThat(System.getLogger(FailureSink.LOGGER_NAME).getName()).isEqualTo("dev.weft.flow.pool");
  }
}
