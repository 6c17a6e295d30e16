package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON thread dump lists every thread, virtual ones included, and parses into LiveThreads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadDumpTest {

  @Test
  void allThreadsDumpListsAVirtualThreadStartedOutsideWeft() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String name = "dump \"probe\" \u00fc\\ " + System.nanoTime();
    Thread probe =
        Thread.ofVirtual()
            .name(name)
            .start(
                () -> {
                  started.countDown();
                  awaitUninterruptibly(release);
                });
    try {
      started.await();
      awaitParked(probe); // countDown returns before the probe reaches await: wait for its park
      List<LiveThread> all = LeakDetector.allThreadsDump();

      assertThat(all).extracting(LiveThread::tid).contains(Thread.currentThread().threadId());
      LiveThread seen = all.stream().filter(t -> t.tid() == probe.threadId()).findFirst().orElseThrow();
      assertThat(seen.name()).isEqualTo(name);
      assertThat(seen.creationSite()).isEmpty();
      assertThat(seen.stack())
          .extracting(StackFrames::function)
          .contains(
              "java.util.concurrent.CountDownLatch.await",
              ThreadDumpTest.class.getName() + ".awaitUninterruptibly");
      assertThat(seen.stack()).allSatisfy(f -> assertThat(f.getClassName()).isNotBlank());
      if (Runtime.version().feature() >= 25) { // earlier dumps have neither field
        assertThat(seen.virtual()).isTrue();
        assertThat(seen.state()).isEqualTo("WAITING");
      }
    } finally {
      release.countDown();
      probe.join();
    }
  }

  @Test
  void threadDumpSourceFindsWeftNamedThreadsThatTheRegistryDoesNotKnow() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread outsider =
        Thread.ofVirtual()
            .name("weft-outsider-1")
            .start(
                () -> {
                  started.countDown();
                  awaitUninterruptibly(release);
                });
    try {
      started.await();
      LeakOptions dump = LeakOptions.defaults().withSource(ThreadSource.THREAD_DUMP);
      assertThat(LeakDetector.find(dump)).extracting(LiveThread::tid).contains(outsider.threadId());
      assertThat(LeakDetector.find(dump.ignoreNamePrefix("weft-outsider"))).extracting(LiveThread::tid)
          .doesNotContain(outsider.threadId());
      assertThat(LeakDetector.find()).extracting(LiveThread::tid).doesNotContain(outsider.threadId());
    } finally {
      release.countDown();
      outsider.join();
    }
  }

  @Test
  void parsesTheJdk21LayoutWithoutStateOrVirtualAndReturnsEachThreadOnce() {
    String json =
        """
        {"threadDump": {"processId": "1", "threadContainers": [
          {"container": "<root>", "parent": null, "threads": [
            {"tid": "1", "name": "main", "stack": [
              "java.base\\/java.lang.Thread.sleep0(Native Method)",
              "com.example.Main.main(Main.java:7)"]}],
           "threadCount": "1"},
          {"container": "pool", "parent": "<root>", "threads": [
            {"tid": 1, "name": "main", "stack": []},
            {"tid": "40", "name": "worker", "stack": []}]},
          {"container": "empty", "parent": "<root>"}]}}
        """;
    List<LiveThread> threads = ThreadDump.parse(json);

    assertThat(threads).extracting(LiveThread::tid).containsExactly(1L, 40L);
    LiveThread main = threads.get(0);
    assertThat(main.state()).isEqualTo(LiveThread.UNKNOWN_STATE);
    assertThat(main.virtual()).isFalse();
    assertThat(main.stack().get(0).isNativeMethod()).isTrue();
    assertThat(main.stack().get(0).getModuleName()).isEqualTo("java.base");
    assertThat(main.topFunction()).isEqualTo("com.example.Main.main");
  }

  @Test
  void malformedDumpsFailWithTheDetectorInTheMessage() {
    assertThatThrownBy(() -> ThreadDump.parse("{\"threadDump\": "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("LeakDetector: thread dump is not valid JSON");
    assertThatThrownBy(() -> ThreadDump.parse("{\"other\": 1}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LeakDetector: malformed thread dump: missing \"threadDump\"");
    assertThatThrownBy(() -> ThreadDump.parse(
            "{\"threadDump\": {\"threadContainers\": [{\"threads\": [{\"tid\": \"x\"}]}]}}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LeakDetector: malformed thread dump: tid is not an integer: x");
    assertThatThrownBy(() -> ThreadDump.parse(
            "{\"threadDump\": {\"threadContainers\": [{\"threads\": [{\"tid\": \"1\", \"stack\": [\"nonsense\"]}]}]}}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("LeakDetector: malformed thread dump: StackFrames: not a stack frame");
  }

  private static void awaitParked(Thread thread) {
    Waiting.until(thread + " waiting", () -> thread.getState() == Thread.State.WAITING);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
