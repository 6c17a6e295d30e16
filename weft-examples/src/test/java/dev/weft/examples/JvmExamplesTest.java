package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples about the JVM under the patterns (locks and atomics, caches, the memory model,
 * scheduling, profiling) print the structure they promise and keep their invariants; no test
 * asserts a speed or a ratio, which depend on the machine.
 */
@Timeout(20)
class JvmExamplesTest {

  private static long number(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in '%s'", regex, text).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void rwlockVsShardedVsAtomic() throws Exception {
    List<String> out = ExamplesTest.run("rwlock-vs-sharded-vs-atomic");
    assertThat(out).hasSize(9);
    assertThat(out.get(0)).isEqualTo("4 virtual threads x 200000 ops on 64 counters: 90% reads, 10% increments");
    assertThat(out.get(1).trim().split("\\s{2,}")).containsExactly("variant", "ops/s", "increments", "same counts");
    long expected = number("expected increments: (\\d+) ", out.get(8));
    assertThat(expected).isBetween(70_000L, 90_000L); // 10% of 800,000 seeded draws
    List<String> variants =
        List.of("ReentrantLock", "ReentrantReadWriteLock", "StampedLock (optimistic)", "ConcurrentHashMap",
            "LongAdder[]", "ShardedMap (16 shards)");
    for (int i = 0; i < variants.size(); i++) {
      String row = out.get(2 + i);
      assertThat(row).startsWith("  " + variants.get(i)).endsWith("  yes");
      assertThat(row).matches(".*\\s\\d+\\.\\d M\\s+" + expected + "  yes");
    }
  }

  @Test
  void lockFree() throws Exception {
    List<String> out = ExamplesTest.run("lock-free");
    assertThat(out).hasSize(12);
    assertThat(out.get(0)).isEqualTo("part 1: 4 threads x 10000 increments");
    assertThat(out.get(1)).isEqualTo("  locked counter: 40000");
    assertThat(out.get(2)).matches("  CAS counter:    40000 \\(\\d+ CAS attempts lost a race and retried\\)");
    assertThat(out.get(3)).isEqualTo("part 2: 4 threads push 10000 numbers each, then pop 10000");
    assertThat(out.get(4)).isEqualTo("  locked stack:  40000 distinct numbers popped of 40000, left on the stack: 0");
    assertThat(out.get(5))
        .matches("  Treiber stack: 40000 distinct numbers popped of 40000, left on the stack: 0 \\(\\d+ CAS attempts retried\\)");
    assertThat(out.subList(6, 12))
        .containsExactly(
            "part 3: ABA, one interleaving played step by step",
            "  stack A -> B -> C; thread 1 reads top A and next B, then is delayed;",
            "  thread 2 pops A, pops B, pushes A again; thread 1 does CAS(top: A -> B)",
            "  new node per push:  CAS fails   , stack A -> C   <- correct: thread 1 retries",
            "  pooled nodes:       CAS succeeds, stack B -> C   <- B was popped by thread 2: corrupted",
            "  pooled + stamp:     CAS fails   , stack A -> C   <- stamp 0 read, now 3: thread 1 retries");
  }

  @Test
  void falseSharing() throws Exception {
    List<String> out = ExamplesTest.run("false-sharing");
    assertThat(out).hasSize(7);
    assertThat(out.get(0)).isEqualTo("slots [0] and [1] counted 5000000 and 5000000");
    assertThat(out.get(1)).isEqualTo("slots [0] and [16] counted 5000000 and 5000000");
    assertThat(out.get(2)).isEqualTo("2 threads, 5000000 increments each, best of 3 rounds:");
    assertThat(out.get(3)).matches("  adjacent slots \\[0\\] and \\[1\\] \\(same cache line\\): +\\d+ ms");
    assertThat(out.get(4)).matches("  padded slots \\[0\\] and \\[16\\] \\(128 bytes apart\\): +\\d+ ms");
    assertThat(out.get(5)).matches("  slowdown from false sharing: \\d+\\.\\dx");
    assertThat(out.get(6)).startsWith("  (measured on this machine now");
  }

  @Test
  void happensBefore() throws Exception {
    List<String> out = ExamplesTest.run("happens-before");
    assertThat(out).hasSize(19);
    assertThat(out.get(0)).isEqualTo("writer: data = 42; ready = true      reader: r1 = ready; r2 = data");
    long racy = outcomeTable(out.subList(1, 7), "plain fields", "allowed by the memory model: the race");
    assertThat(outcomeTable(out.subList(7, 13), "volatile ready", "forbidden: happens-before guarantees 42"))
        .as("volatile forbids true, 0")
        .isZero();
    assertThat(out.subList(13, 16))
        .containsExactly(
            "channel hand-off: 20000 trials (send after data = 42, read data after receive)",
            "  r2                     count  verdict",
            "  42                     20000  acceptable: the receive happens-after the send");
    assertThat(out.get(16)).isEqualTo("  0                          0  forbidden: happens-before guarantees 42");
    assertThat(out.get(17))
        .isEqualTo(racy > 0
            ? "verdict: the racy outcome true, 0 appeared " + racy + " times with plain fields"
            : "verdict: the racy outcome true, 0 did not appear with plain fields in this run on this machine;");
    assertThat(out.get(18)).startsWith("  ");
  }

  @Test
  void virtualThreadScheduling() throws Exception {
    List<String> out = ExamplesTest.run("virtual-thread-scheduling");
    assertThat(out).hasSize(13);
    assertThat(out.get(0)).isEqualTo("part 1: 100000 virtual threads each block 10 ms in sleep");
    assertThat(out.get(1)).matches("  all done in \\d+ ms; one after another they would take 1000 s");
    long carriers = number("every 10th thread: (\\d+) ", out.get(2));
    assertThat(carriers).as("M:N: a few carriers for 100,000 threads").isBetween(1L, 256L);
    assertThat(out.get(2)).endsWith("(available processors: " + Runtime.getRuntime().availableProcessors() + ")");
    assertThat(number("woke up on another carrier: (\\d+)", out.get(3))).isBetween(0L, 10_000L);
    assertThat(out.get(4)).matches("part 2: \\d+ CPU-bound tasks spin 50 ms each on \\d+ carriers; then a short task starts");
    assertThat(out.get(5)).matches("  spinners never yield: +the short task waited \\d+ ms");
    assertThat(out.get(6)).matches("  spinners call Thread.yield\\(\\): the short task waited \\d+ ms");
    assertThat(out.get(8)).isEqualTo("part 3: pinning, found with JFR's jdk.VirtualThreadPinned event");
    int feature = Runtime.version().feature();
    assertThat(out.get(9)).startsWith("  JDK " + feature + ": blocking inside synchronized "
        + (feature >= 24 ? "no longer pins" : "pins the carrier"));
    assertThat(out.subList(10, 13))
        .containsExactly(
            "  a virtual thread sleeps 20 ms holding a ReentrantLock: pinned events: 0",
            "  a virtual thread sleeps 20 ms in a static initializer: pinned events: 1",
            "  the event's stack shows where: SlowInit.<clinit>");
  }

  @Test
  void workStealing() throws Exception {
    List<String> out = ExamplesTest.run("work-stealing");
    assertThat(out).hasSize(4);
    assertThat(out.get(0)).isEqualTo("count the primes below 500000 on 4 workers, in ranges of 5000");
    assertThat(out.get(1)).matches("  ForkJoinPool, a deque per worker: 41538 primes, \\d+ tasks stolen, \\d+ ms");
    assertThat(out.get(2)).matches(
        "  one shared channel of 100 ranges: 41538 primes, ranges per worker \\[\\d+, \\d+, \\d+, \\d+\\], \\d+ ms");
    String perWorker = out.get(2).replaceAll(".*\\[(.*)\\].*", "$1");
    assertThat(java.util.Arrays.stream(perWorker.split(", ")).mapToInt(Integer::parseInt).sum()).isEqualTo(100);
  }

  @Test
  void throughputVsLatency() throws Exception {
    List<String> out = ExamplesTest.run("throughput-vs-latency");
    assertThat(out).hasSize(6);
    assertThat(out.get(0)).isEqualTo("800 items; each batch waits 500 us for its round trip, plus 1 us of work per item");
    assertThat(out.get(1).trim().split("\\s{2,}"))
        .containsExactly("batch buffer", "items/s", "p50 ms", "p99 ms", "delivered in order");
    int[][] settings = {{1, 1}, {16, 16}, {16, 256}, {128, 128}};
    for (int i = 0; i < settings.length; i++) {
      String row = out.get(2 + i);
      assertThat(row).matches(" +" + settings[i][0] + " +" + settings[i][1] + " +\\d+ +\\d+\\.\\d\\d +\\d+\\.\\d\\d  800, in order");
      String[] cells = row.trim().split("\\s+");
      assertThat(Double.parseDouble(cells[3])).as("p50 <= p99: %s", row).isLessThanOrEqualTo(Double.parseDouble(cells[4]));
    }
  }

  @Test
  void contentionProfile() throws Exception {
    List<String> out = ExamplesTest.run("contention-profile");
    assertThat(out).hasSize(7);
    assertThat(out.get(0))
        .isEqualTo("4 platform threads record 20000 requests each on 16 endpoints; JFR records jdk.ThreadPark");
    assertThat(out.get(1)).isEqualTo("before: one ReentrantLock around a HashMap: 80000 requests recorded");
    assertParks(out.get(2), out.get(3), "OneLock");
    assertThat(out.get(4)).isEqualTo("after:  ShardedMap with 16 shards: 80000 requests recorded");
    assertParks(out.get(5), out.get(6), "Sharded");
  }

  /** The park count, and the hottest frame that accounts for every park, in the named recorder. */
  private static void assertParks(String counts, String hottest, String recorder) {
    assertThat(counts).matches("  jdk.ThreadPark events in this code: \\d+, time parked: \\d+ ms");
    long parks = number("in this code: (\\d+),", counts);
    if (parks == 0) {
      assertThat(hottest).isEqualTo("  no park in this code in this run");
    } else {
      assertThat(hottest).isEqualTo("  hottest frame: ContentionProfileExample$" + recorder + ".record (" + parks + " parks)");
    }
  }

  /** Checks one outcome table: 4 rows summing to the trials; returns the count of {@code true, 0}. */
  private static long outcomeTable(List<String> table, String title, String racyVerdict) {
    assertThat(table.get(0)).isEqualTo(title + ": 500000 trials");
    assertThat(table.get(1).trim().split("\\s{2,}")).containsExactly("r1, r2", "count", "verdict");
    assertThat(table.get(2)).startsWith("  false, 0 ").endsWith("acceptable: the reader ran first");
    assertThat(table.get(3)).startsWith("  false, 42 ").endsWith("acceptable: the reader ran in between");
    assertThat(table.get(4)).startsWith("  true, 42 ").endsWith("acceptable: the reader ran after");
    assertThat(table.get(5)).startsWith("  true, 0 ").endsWith(racyVerdict);
    long sum = 0;
    for (String row : table.subList(2, 6)) sum += number("^  \\S+, \\d+ +(\\d+)  ", row);
    assertThat(sum).isEqualTo(500_000);
    return number("^  true, 0 +(\\d+)  ", table.get(5));
  }
}
