package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.spi.ThreadRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The auto-detected extension fails the test, or the class, that leaves weft threads running, and
 * lets shared and explicitly allowed threads be. Runs the nested example classes with the
 * Jupiter engine; they are not run on their own (Surefire skips nested classes).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakCheckExtensionTest {

  /** Released after each test here, ending every thread the examples started. */
  private static volatile CountDownLatch release = new CountDownLatch(1);

  private static final List<Thread> started = new CopyOnWriteArrayList<>();

  @BeforeEach
  void freshLatch() {
    release = new CountDownLatch(1);
    started.clear();
  }

  @AfterEach
  void endExampleThreads() throws InterruptedException {
    release.countDown();
    for (Thread t : started) t.join();
  }

  @Test
  void failsTheTestThatLeaksAndOnlyThatTest() {
    EngineExecutionResults results = run(LeakingTestExample.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("leaksAThread"),
                finishedWithFailure(
                    instanceOf(LeakedThreadsError.class),
                    message(m -> m.startsWith("LeakDetector: 1 thread still alive after test "
                            + LeakingTestExample.class.getName() + " > leaksAThread()")
                        && m.contains("\"weft-leaky-")
                        && m.contains("java.util.concurrent.CountDownLatch.await")
                        && m.contains("created at:")
                        && m.contains(LeakingTestExample.class.getName() + ".leaksAThread")))));
    // The class is not blamed again for the thread its test was blamed for.
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void failsTheClassWhoseBeforeAllThreadOutlivesIt() {
    EngineExecutionResults results = run(LeakingBeforeAllExample.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(LeakingBeforeAllExample.class),
                finishedWithFailure(
                    instanceOf(LeakedThreadsError.class),
                    message(m -> m.contains("after test class " + LeakingBeforeAllExample.class.getName())
                        && m.contains("\"weft-shared-")
                        && m.contains(LeakingBeforeAllExample.class.getName() + ".startShared")))));
  }

  @Test
  void acceptsAThreadSharedByTheClassAndStoppedInAfterAll() {
    EngineExecutionResults results = run(SharedThreadExample.class);
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void allowLeaksOnAMethodExemptsItFromTheTestAndClassChecks() {
    EngineExecutionResults results = run(AllowedMethodExample.class);
    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void allowLeaksOnAClassExemptsEverythingInIt() {
    EngineExecutionResults results = run(AllowedClassExample.class);
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void aLeakInANestedClassIsReportedOnceOnTheTest() {
    EngineExecutionResults results = run(NestedExample.class);
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    results.testEvents().assertThatEvents().haveExactly(1, event(test("leaks"), finishedWithFailure(instanceOf(LeakedThreadsError.class))));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void theConfigurationParameterTurnsTheCheckOff() {
    EngineExecutionResults results =
        run(LeakingTestExample.class, LeakCheckExtension.ENABLED_PARAMETER, "false");
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void anInvalidConfigurationValueFailsFast() {
    EngineExecutionResults results =
        run(SharedThreadExample.class, LeakCheckExtension.ENABLED_PARAMETER, "maybe");
    results
        .containerEvents()
        .assertThatEvents()
        .haveAtLeastOne(
            event(
                finishedWithFailure(
                    instanceOf(IllegalArgumentException.class),
                    message("LeakCheckExtension: weft.leakcheck.enabled must be true or false, not \"maybe\""))));
  }

  @Test
  void turnsOnCreationSiteRecording() {
    ThreadRegistry.recordCreationSites(false);
    run(SharedThreadExample.class);
    assertThat(ThreadRegistry.recordingCreationSites()).isTrue();
  }

  /** Runs {@code example} with auto-detection on, as Surefire does, plus {@code key, value} pairs. */
  private static EngineExecutionResults run(Class<?> example, String... parameters) {
    var kit =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(example))
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true");
    for (int i = 0; i + 1 < parameters.length; i += 2) kit = kit.configurationParameter(parameters[i], parameters[i + 1]);
    return kit.execute();
  }

  /** Starts a weft thread that runs until the current test of this class ends. */
  static Thread startParked(String purpose) {
    CountDownLatch latch = release;
    Thread t = ThreadRegistry.start(purpose, () -> awaitQuietly(latch));
    started.add(t);
    return t;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static class LeakingTestExample {
    @Test
    void leaksAThread() {
      startParked("leaky");
    }

    @Test
    void isClean() {}
  }

  static class LeakingBeforeAllExample {
    @BeforeAll
    static void startShared() {
      startParked("shared");
    }

    @Test
    void first() {}

    @Test
    void second() {}
  }

  static class SharedThreadExample {
    private static CountDownLatch stop;
    private static Thread shared;

    @BeforeAll
    static void startShared() {
      stop = new CountDownLatch(1);
      shared = ThreadRegistry.start("shared", () -> awaitQuietly(stop));
    }

    @AfterAll
    static void stopShared() throws InterruptedException {
      stop.countDown();
      shared.join();
    }

    @Test
    void first() {}

    @Test
    void second() {}
  }

  static class AllowedMethodExample {
    @AllowLeaks("the example leaks on purpose")
    @Test
    void leaksOnPurpose() {
      startParked("allowed");
    }
  }

  @AllowLeaks("the example leaks on purpose")
  static class AllowedClassExample {
    @BeforeAll
    static void startShared() {
      startParked("allowed-shared");
    }

    @Test
    void leaks() {
      startParked("allowed-class");
    }

    @Test
    void isClean() {}
  }

  static class NestedExample {
    @Test
    void outerIsClean() {}

    @Nested
    class Inner {
      @Test
      void leaks() {
        startParked("nested");
      }
    }
  }
}
