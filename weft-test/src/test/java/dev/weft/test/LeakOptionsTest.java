package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.spi.ThreadRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LeakOptions' ignore rules match the threads they name, and misuse fails fast. */
class LeakOptionsTest {

  private static final StackTraceElement PARK =
      new StackTraceElement(null, "java.base", null, "java.lang.VirtualThread", "park", "VirtualThread.java", 742);
  private static final StackTraceElement AWAIT =
      new StackTraceElement(null, "java.base", null, "java.util.concurrent.CountDownLatch", "await", "CountDownLatch.java", 230);
  private static final StackTraceElement POLL = new StackTraceElement("com.example.Poller", "loop", "Poller.java", 40);
  private static final StackTraceElement RUN = new StackTraceElement("com.example.Poller", "run", "Poller.java", 12);

  private static LiveThread thread(long tid, String name, StackTraceElement... stack) {
    return new LiveThread(tid, name, "WAITING", true, List.of(stack), Optional.empty());
  }

  @Test
  void defaultsWaitTwoSecondsReadTheRegistryAndIgnoreNothing() {
    LeakOptions d = LeakOptions.defaults();
    assertThat(d.maxWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.maxSleep()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.source()).isEqualTo(ThreadSource.WEFT_REGISTRY);
    assertThat(d.ignores()).isEmpty();
    assertThat(d.isIgnored(thread(1, "weft-x-1", PARK, POLL))).isFalse();
  }

  @Test
  void ignoreNamePrefixMatchesOnlyThatPrefix() {
    LeakOptions o = LeakOptions.defaults().ignoreNamePrefix("weft-timer");
    assertThat(o.isIgnored(thread(1, "weft-timer-3"))).isTrue();
    assertThat(o.isIgnored(thread(2, "weft-task-4"))).isFalse();
  }

  @Test
  void topFunctionIsTheFirstFrameOutsideTheJdk() {
    LiveThread t = thread(1, "weft-poll-1", PARK, AWAIT, POLL, RUN);
    assertThat(t.topFunction()).isEqualTo("com.example.Poller.loop");
    assertThat(thread(2, "jdk-only", PARK, AWAIT).topFunction()).isEmpty();

    LeakOptions o = LeakOptions.defaults().ignoreTopFunction("com.example.Poller.loop");
    assertThat(o.isIgnored(t)).isTrue();
    assertThat(LeakOptions.defaults().ignoreTopFunction("com.example.Poller.run").isIgnored(t)).isFalse();
  }

  @Test
  void ignoreAnyFunctionMatchesJdkFramesToo() {
    LiveThread t = thread(1, "weft-poll-1", PARK, AWAIT, POLL, RUN);
    assertThat(LeakOptions.defaults().ignoreAnyFunction("com.example.Poller.run").isIgnored(t)).isTrue();
    assertThat(LeakOptions.defaults().ignoreAnyFunction("java.util.concurrent.CountDownLatch.await").isIgnored(t)).isTrue();
    assertThat(LeakOptions.defaults().ignoreAnyFunction("com.example.Other.run").isIgnored(t)).isFalse();
  }

  @Test
  void ignoreThreadsMatchesByThreadId() {
    LeakOptions o = LeakOptions.defaults().ignoreThreads(List.of(thread(7, "a")));
    assertThat(o.isIgnored(thread(7, "renamed"))).isTrue();
    assertThat(o.isIgnored(thread(8, "a"))).isFalse();
    assertThat(LeakOptions.defaults().ignoreThreads(List.of())).isEqualTo(LeakOptions.defaults());
  }

  @Test
  void rulesAddUpAndEachCallReturnsANewValue() {
    LeakOptions base = LeakOptions.defaults();
    LeakOptions both = base.ignoreNamePrefix("a-").ignoreIf(t -> t.tid() == 9);
    assertThat(base.ignores()).isEmpty();
    assertThat(both.ignores()).hasSize(2);
    assertThat(both.isIgnored(thread(1, "a-1"))).isTrue();
    assertThat(both.isIgnored(thread(9, "b-1"))).isTrue();
    assertThat(both.isIgnored(thread(2, "b-2"))).isFalse();
    assertThat(both.withMaxWait(Duration.ZERO).ignores()).isEqualTo(both.ignores());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void ignoreCurrentIgnoresThreadsAliveAtThatMomentOnly() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    Runnable park = () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    LeakOptions clean = LeakOptions.defaults().ignoreCurrent();
    Thread before = ThreadRegistry.start("before", park);
    LeakOptions baseline = clean.ignoreCurrent();
    Thread after = ThreadRegistry.start("after", park);
    try {
      assertThat(LeakDetector.find(baseline)).extracting(LiveThread::tid).containsExactly(after.threadId());
      assertThat(LeakDetector.find(clean)).extracting(LiveThread::tid)
          .containsExactlyInAnyOrder(before.threadId(), after.threadId());
    } finally {
      release.countDown();
      before.join();
      after.join();
    }
  }

  @Test
  void misuseFailsWithTheTypeInTheMessage() {
    LeakOptions d = LeakOptions.defaults();
    assertThatThrownBy(() -> d.withMaxWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LeakOptions: maxWait is negative");
    assertThatThrownBy(() -> d.withMaxSleep(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LeakOptions: maxSleep is not positive");
    assertThatThrownBy(() -> d.ignoreNamePrefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LeakOptions: prefix is empty");
    for (String bad : List.of("", "loop", ".loop", "Poller.", "com.example.Poller.loop()")) {
      assertThatThrownBy(() -> d.ignoreTopFunction(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("LeakOptions: function must look like");
    }
    assertThatThrownBy(() -> d.withSource(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("LeakOptions: source is null");
    assertThatThrownBy(() -> d.ignoreIf(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("LeakOptions: rule is null");
  }
}
