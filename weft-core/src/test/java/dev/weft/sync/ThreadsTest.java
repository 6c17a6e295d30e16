package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.weft.test.LeakDetector;
import dev.weft.test.LeakOptions;
import dev.weft.test.LeakedThreadsError;
import dev.weft.test.LiveThread;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads started through {@link Threads} are reported by the leak detector until they end. */
@Timeout(10)
class ThreadsTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private LeakOptions baseline;

  @BeforeEach
  void setUp() {
    LeakDetector.recordCreationSites(true);
    baseline = LeakOptions.defaults().ignoreCurrent();
  }

  @AfterEach
  void releaseThreads() {
    release.countDown();
  }

  @Test
  void aStartedThreadIsReportedWithItsNameUntilItEnds() throws InterruptedException {
    Thread t = Threads.start("inventory-poller", this::awaitRelease);
    assertThat(t.getName()).isEqualTo("inventory-poller");
    assertThat(t.isVirtual()).isTrue();
    awaitParked(t);

    LeakedThreadsError error =
        catchThrowableOfType(
            LeakedThreadsError.class,
            () -> LeakDetector.verifyNone(baseline.withMaxWait(Duration.ofMillis(20))));
    assertThat(error).isNotNull();
    assertThat(error.leaks())
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.tid()).isEqualTo(t.threadId());
              assertThat(leak.name()).isEqualTo("inventory-poller");
              assertThat(leak.creationSite()).isPresent();
            });

    release.countDown();
    t.join();
    assertThat(LeakDetector.find(baseline)).isEmpty();
  }

  @Test
  void aThreadWhoseTaskThrowsIsForgottenWhenItEnds() throws InterruptedException {
    CountDownLatch handlerSet = new CountDownLatch(1);
    Thread t =
        Threads.start(
            "failing",
            () -> {
              try {
                handlerSet.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("expected by the test");
            });
    t.setUncaughtExceptionHandler((th, e) -> {});
    handlerSet.countDown();
    t.join();
    assertThat(LeakDetector.find(baseline)).isEmpty();
  }

  @Test
  void factoryThreadsAreNamedInOrderAndTrackedOnceStarted() throws InterruptedException {
    ThreadFactory factory = Threads.factory("crawler-");
    Thread first = factory.newThread(this::awaitRelease);
    Thread second = factory.newThread(this::awaitRelease);
    assertThat(first.getName()).isEqualTo("crawler-0");
    assertThat(second.getName()).isEqualTo("crawler-1");
    assertThat(first.isVirtual()).isTrue();
    assertThat(LeakDetector.find(baseline)).isEmpty(); // not started: nothing runs

    first.start();
    assertThat(LeakDetector.find(baseline)).extracting(LiveThread::tid).containsExactly(first.threadId());
    awaitParked(first);
    assertThat(LeakDetector.find(baseline)).extracting(LiveThread::name).containsExactly("crawler-0");

    release.countDown();
    first.join();
    assertThat(LeakDetector.find(baseline)).isEmpty();
  }

  @Test
  void anExecutorOnTheFactoryRunsTrackedThreads() throws Exception {
    try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Threads.factory("worker-"))) {
      Future<String> name =
          exec.submit(
              () -> {
                awaitRelease();
                return Thread.currentThread().getName();
              });
      await().until(() -> !LeakDetector.find(baseline).isEmpty());
      assertThat(LeakDetector.find(baseline)).extracting(LiveThread::name).containsExactly("worker-0");
      release.countDown();
      assertThat(name.get()).isEqualTo("worker-0");
    }
    assertThat(LeakDetector.find(baseline)).isEmpty();
  }

  @Test
  void nullAndBlankArgumentsAreRejectedWithTheTypeName() {
    assertThatThrownBy(() -> Threads.start(null, () -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Threads: name is null");
    assertThatThrownBy(() -> Threads.start("t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Threads: task is null");
    assertThatThrownBy(() -> Threads.start(" ", () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Threads: name is blank");
    assertThatThrownBy(() -> Threads.factory(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Threads: prefix is null");
    assertThatThrownBy(() -> Threads.factory(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Threads: prefix is blank");
    assertThatThrownBy(() -> Threads.factory("p-").newThread(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Threads: task is null");
  }

  private static void awaitParked(Thread t) {
    await().until(() -> t.getState() == Thread.State.WAITING);
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
