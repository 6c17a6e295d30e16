package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JobQueue} on one thread: order, removal, emptiness, segments and memory. */
class JobQueueTest {

  static PoolTask<Void> job() {
    return PoolTask.plain(null, () -> {});
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 256})
  void firstInFirstOutAcrossSegments(int segment) {
    JobQueue q = new JobQueue(segment, 0);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll()).isNull();
    List<Job> jobs = new ArrayList<>();
    for (int round = 0; round < 3; round++) { // fill and drain, so segments are dropped and reused
      for (int i = 0; i < 1_000; i++) {
        Job j = job();
        jobs.add(j);
        q.offer(j);
      }
      assertThat(q.isEmpty()).isFalse();
      assertThat(q.countUpTo(Integer.MAX_VALUE)).isEqualTo(1_000);
      for (Job j : jobs) assertThat(q.poll()).isSameAs(j);
      assertThat(q.poll()).isNull();
      assertThat(q.isEmpty()).isTrue();
      jobs.clear();
    }
  }

  @Test
  void removeTakesAQueuedJobOnce() {
    JobQueue q = new JobQueue(2, 0);
    Job a = job();
    Job b = job();
    Job c = job();
    q.offer(a);
    q.offer(b);
    q.offer(c);
    assertThat(q.remove(b)).isTrue();
    assertThat(q.remove(b)).as("second removal").isFalse();
    assertThat(q.countUpTo(10)).isEqualTo(2);
    assertThat(q.poll()).isSameAs(a);
    assertThat(q.remove(a)).as("removal after a poll").isFalse();
    assertThat(q.poll()).as("the removed job is skipped").isSameAs(c);
    assertThat(q.poll()).isNull();
  }

  @Test
  void aJobNeverQueuedIsNotRemoved() {
    JobQueue q = new JobQueue(4, 0);
    Job handed = job();
    assertThat(q.remove(handed)).isFalse();
    q.offer(job());
    assertThat(q.remove(handed)).isFalse();
    assertThat(q.countUpTo(10)).isEqualTo(1);
  }

  @Test
  void removedJobsAtTheFrontDoNotCountAsQueued() {
    JobQueue q = new JobQueue(2, 0);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Job j = job();
      jobs.add(j);
      q.offer(j);
    }
    for (Job j : jobs) assertThat(q.remove(j)).isTrue();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.countUpTo(10)).isZero();
    assertThat(q.poll()).isNull();
    Job late = job();
    q.offer(late);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.poll()).isSameAs(late);
  }

  @Test
  void forEachVisitsQueuedJobsInOrderAndCountStopsAtTheLimit() {
    JobQueue q = new JobQueue(4, 0);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Job j = job();
      jobs.add(j);
      q.offer(j);
    }
    q.poll();
    q.remove(jobs.get(3));
    List<Job> seen = new ArrayList<>();
    q.forEach(seen::add);
    List<Job> expected = new ArrayList<>(jobs.subList(1, 10));
    expected.remove(jobs.get(3));
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(q.countUpTo(3)).isEqualTo(3);
    assertThat(q.countUpTo(100)).isEqualTo(8);
  }

  @Test
  void aDrainedQueueKeepsNoFinishedJobReachable() {
    JobQueue q = new JobQueue(256, 0);
    List<WeakReference<Job>> refs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Job j = job();
      refs.add(new WeakReference<>(j));
      q.offer(j);
    }
    for (int i = 0; i < 10; i++) assertThat(q.poll()).isNotNull();
    assertThat(q.poll()).isNull(); // the empty poll forgets the taken jobs
    for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
    }
    assertThat(refs).allSatisfy(r -> assertThat(r.get()).isNull());
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void reserveTakesAShareOfTheBacklogWithinOneSegmentInOrderAndLeavesTheJobsUnclaimed() {
    JobQueue q = new JobQueue(8, 0);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Job j = job();
      jobs.add(j);
      q.offer(j);
    }
    Job[] out = new Job[16];
    // 20 queued, 2 consumers: a share of 5, but the segment of 8 ends after 8
    assertThat(q.reserve(out, 16, 2)).isEqualTo(5);
    assertThat(out).startsWith(jobs.subList(0, 5).toArray(new Job[0]));
    assertThat(q.countUpTo(100)).as("reserved jobs are no longer queued").isEqualTo(15);
    assertThat(q.remove(jobs.get(2))).as("a reserved job is still removable").isTrue();
    assertThat(jobs.get(0).claimFromQueue()).as("the consumer claims the first").isTrue();
    assertThat(jobs.get(2).claimFromQueue()).as("but not the removed one").isFalse();
    // 15 left from index 5; one consumer: a share of 7, cut at the segment's end (index 8)
    assertThat(q.reserve(out, 16, 1)).isEqualTo(3);
    assertThat(out).startsWith(jobs.get(5), jobs.get(6), jobs.get(7));
    assertThat(q.reserve(out, 2, 1)).as("at most max").isEqualTo(2);
    assertThat(q.reserve(out, 16, 100)).as("at least one, however small the share").isEqualTo(1);
    assertThat(out[0]).isSameAs(jobs.get(10));
    assertThat(q.poll()).as("poll goes on after the reserved jobs").isSameAs(jobs.get(11));
    Job[] rest = new Job[16];
    int n = q.reserve(rest, 16, 1); // 8 left (12..19): a share of 4
    assertThat(n).isEqualTo(4);
    assertThat(rest).startsWith(jobs.subList(12, 16).toArray(new Job[0]));
    while (q.reserve(out, 16, 1) > 0) {
      // drain
    }
    assertThat(q.reserve(out, 16, 1)).isZero();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void reserveStopsBeforeACellNotYetWrittenAndSkipsABrokenOne() {
    JobQueue q = new JobQueue(16, 0);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Job j = job();
      jobs.add(j);
      q.offer(j);
      if (i == 1) q.takeIndexWithoutWriting(); // a producer stalled between its index and its write
    }
    Job[] out = new Job[16];
    // 7 indexes, one consumer: a share of 3, cut before the hole at index 2
    assertThat(q.reserve(out, 16, 1)).isEqualTo(2);
    assertThat(out).startsWith(jobs.get(0), jobs.get(1));
    // with no patience the consumer breaks the hole's cell and steps over it: 4 left, a share of 2
    assertThat(q.reserve(out, 16, 1)).isEqualTo(2);
    assertThat(out).startsWith(jobs.get(2), jobs.get(3));
    assertThat(q.reserve(out, 16, 1)).isEqualTo(1);
    assertThat(q.reserve(out, 16, 1)).isEqualTo(1);
    assertThat(out[0]).isSameAs(jobs.get(5));
    assertThat(q.reserve(out, 16, 1)).isZero();
  }

  @Test
  void badArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> new JobQueue(3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JobQueue")
        .hasMessageContaining("segment");
    assertThatThrownBy(() -> new JobQueue(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobQueue(4, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("patience");
  }
}
