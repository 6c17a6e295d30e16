package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JobQueue} under producers, consumers and removers at once: every job is taken exactly
 * once (polled or removed, never both), none is lost, and each consumer sees each producer's jobs
 * in the order they were offered. Small segments exercise the segment list (growing, dropping,
 * self-links); zero patience makes consumers break the cells of producers caught between their
 * index and their write, so the producers' retry path runs often.
 */
@Timeout(120)
class JobQueueStressTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 0, false, 11L),
        Arguments.of(2, 0, false, 12L),
        Arguments.of(2, 64, false, 13L),
        Arguments.of(256, 0, false, 14L),
        Arguments.of(256, 64, false, 15L),
        Arguments.of(2, 0, true, 16L),
        Arguments.of(16, 0, true, 17L),
        Arguments.of(256, 64, true, 18L));
  }

  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 30_000;
  private static final int CONSUMERS = 3;

  @ParameterizedTest(name = "segment {0}, patience {1}, reserving {2}, seed {3}")
  @MethodSource("shapes")
  void everyJobIsTakenExactlyOnceAndInOrderPerProducer(
      int segment, int patience, boolean reserving, long seed) throws Exception {
    JobQueue q = new JobQueue(segment, patience);
    int total = PRODUCERS * PER_PRODUCER;
    List<Job> jobs = new ArrayList<>(total);
    Map<Job, Integer> ids = new IdentityHashMap<>();
    for (int i = 0; i < total; i++) {
      Job j = JobQueueTest.job();
      jobs.add(j);
      ids.put(j, i);
    }
    AtomicIntegerArray taken = new AtomicIntegerArray(total); // polls + removals per job
    AtomicIntegerArray removed = new AtomicIntegerArray(total);
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicBoolean orderBroken = new AtomicBoolean();
    AtomicIntegerArray offered = new AtomicIntegerArray(PRODUCERS); // each producer's progress
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int base = p * PER_PRODUCER;
      producers.add(
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    await(start);
                    for (int i = 0; i < PER_PRODUCER; i++) {
                      q.offer(jobs.get(base + i));
                      offered.lazySet(base / PER_PRODUCER, i + 1);
                      // producers remove too (the remover thread may get little CPU): every
                      // seventh offer takes back one of the last few, racing the consumers
                      if (i % 7 == 6) {
                        int id = base + i - (i % 5);
                        if (q.remove(jobs.get(id))) {
                          removed.incrementAndGet(id);
                          taken.incrementAndGet(id);
                        }
                      }
                    }
                  }));
    }
    threads.addAll(producers);
    for (int c = 0; c < CONSUMERS; c++) {
      boolean reserves = reserving && c != 0; // one consumer polls, the others reserve in runs
      threads.add(
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    await(start);
                    // start behind the producers, so the remover finds a backlog to remove from
                    while (producing.get() && offered.get(0) < 1_000) Thread.onSpinWait();
                    int[] last = new int[PRODUCERS];
                    java.util.Arrays.fill(last, -1);
                    Job[] run = new Job[PoolTuning.RESERVE];
                    while (true) {
                      boolean wasProducing = producing.get();
                      int n;
                      if (reserves) {
                        n = q.reserve(run, run.length, CONSUMERS);
                      } else {
                        run[0] = q.poll();
                        n = run[0] == null ? 0 : 1;
                      }
                      if (n == 0) {
                        if (!wasProducing) return;
                        Thread.onSpinWait();
                        continue;
                      }
                      for (int k = 0; k < n; k++) {
                        Job j = run[k];
                        if (reserves && !j.claimFromQueue()) continue; // a remover won it
                        int id = ids.get(j);
                        taken.incrementAndGet(id);
                        int p = id / PER_PRODUCER;
                        if (id <= last[p]) orderBroken.set(true);
                        last[p] = id;
                      }
                    }
                  }));
    }
    SplittableRandom random = new SplittableRandom(seed);
    long removerSeed = random.nextLong();
    threads.add(
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  await(start);
                  SplittableRandom r = new SplittableRandom(removerSeed);
                  while (producing.get()) {
                    // one of the last few jobs a producer offered: likely still queued
                    int p = r.nextInt(PRODUCERS);
                    int i = offered.get(p) - 1 - r.nextInt(8);
                    if (i < 0) continue;
                    int id = p * PER_PRODUCER + i;
                    if (q.remove(jobs.get(id))) {
                      removed.incrementAndGet(id);
                      taken.incrementAndGet(id);
                    }
                  }
                }));
    for (Thread t : threads) t.start();
    start.countDown();
    for (Thread t : producers) t.join();
    producing.set(false);
    for (Thread t : threads) t.join();
    assertThat(orderBroken).as("a consumer saw a producer's jobs out of order").isFalse();
    int removals = 0;
    for (int i = 0; i < total; i++) {
      assertThat(taken.get(i)).as("job %d taken", i).isEqualTo(1);
      removals += removed.get(i);
    }
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.countUpTo(Integer.MAX_VALUE)).isZero();
    // the remover must have raced the consumers for real, or this test shows nothing about it
    assertThat(removals).isPositive();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
