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
