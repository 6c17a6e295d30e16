package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.spi.ThreadRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LeakDetector reports live weft threads with stack and creation site, after waiting for them to end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeakDetectorTest {

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
  void registryIsFoundReflectively() {
    assertThat(LeakDetector.registryAvailable()).isTrue();
  }

  @Test
  void reportsALiveThreadWithItsStackAndCreationSite() throws InterruptedException {
    Thread leaked = startParkedThread();

    LeakedThreadsError error =
        catchThrowableOfType(
            LeakedThreadsError.class, () -> LeakDetector.verifyNone(baseline.withMaxWait(Duration.ofMillis(50))));

    assertThat(error).isNotNull();
    assertThat(error.leaks()).singleElement().satisfies(t -> {
      assertThat(t.tid()).isEqualTo(leaked.threadId());
      assertThat(t.name()).startsWith("weft-parked-");
      assertThat(t.virtual()).isTrue();
      assertThat(t.state()).isEqualTo("WAITING");
      assertThat(t.topFunction()).isEqualTo(LeakDetectorTest.class.getName() + ".awaitRelease");
      assertThat(t.creationSite()).isPresent();
    });
    assertThat(error.getMessage())
        .startsWith("LeakDetector: 1 thread still alive after the check")
        .contains(leaked.getName())
        .contains("java.util.concurrent.CountDownLatch.await")
        .contains("created at:")
        .contains(LeakDetectorTest.class.getName() + ".startParkedThread");

    release.countDown();
    leaked.join();
  }

  @Test
  void aThreadThatEndsWithinTheWaitIsNotReported() throws InterruptedException {
    Thread ending = startParkedThread();
    CountDownLatch seen = new CountDownLatch(1);
    // The rule runs during the first look, which therefore sees the thread alive; releasing it
    // there makes it end while the detector waits.
    LeakOptions releaseOnFirstLook =
        baseline
            .withMaxWait(Duration.ofSeconds(20))
            .ignoreIf(t -> {
              seen.countDown();
              release.countDown();
              return false;
            });

    assertThatCode(() -> LeakDetector.verifyNone(releaseOnFirstLook)).doesNotThrowAnyException();
    assertThat(seen.getCount()).isZero();
    ending.join();
  }

  @Test
  void returnsAtOnceWhenNothingLeaks() {
    assertThatCode(() -> LeakDetector.verifyNone(baseline.withMaxWait(Duration.ofHours(1))))
        .doesNotThrowAnyException();
  }

  @Test
  void findLooksOnceWithoutWaiting() throws InterruptedException {
    Thread leaked = startParkedThread();
    assertThat(LeakDetector.find(baseline)).extracting(LiveThread::tid).containsExactly(leaked.threadId());
    release.countDown();
    leaked.join();
    assertThat(LeakDetector.find(baseline)).isEmpty();
  }

  @Test
  void theCallingThreadIsNeverReported() throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread checker =
        ThreadRegistry.start(
            "checker",
            () -> {
              try {
                LeakDetector.verifyNone(baseline.withMaxWait(Duration.ZERO));
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    checker.join();
    assertThat(failure.get()).isNull();
  }

  @Test
  void interruptStopsTheWaitAndStaysSet() throws InterruptedException {
    Thread leaked = startParkedThread();
    Thread.currentThread().interrupt();
    try {
      LeakedThreadsError error =
          catchThrowableOfType(
              LeakedThreadsError.class, () -> LeakDetector.verifyNone(baseline.withMaxWait(Duration.ofHours(1))));
      assertThat(error).hasMessageContaining("(interrupted while waiting)");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    release.countDown();
    leaked.join();
  }

  @Test
  void saysSoWhenNoCreationSiteWasRecorded() throws InterruptedException {
    LeakDetector.recordCreationSites(false);
    Thread leaked;
    try {
      leaked = startParkedThread();
    } finally {
      LeakDetector.recordCreationSites(true);
    }
    LeakedThreadsError error =
        catchThrowableOfType(LeakedThreadsError.class, () -> LeakDetector.verifyNone(baseline.withMaxWait(Duration.ZERO)));
    assertThat(error.leaks()).singleElement().satisfies(t -> assertThat(t.creationSite()).isEmpty());
    assertThat(error).hasMessageContaining("created at: (not recorded; see LeakDetector.recordCreationSites)");
    release.countDown();
    leaked.join();
  }

  /** Starts a thread that waits for {@code release}, and returns once it is parked there. */
  private Thread startParkedThread() throws InterruptedException {
    Thread thread = ThreadRegistry.start("parked", () -> awaitRelease());
    Waiting.until(thread + " waiting", () -> thread.getState() == Thread.State.WAITING);
    return thread;
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
