package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The anti-starvation guarantee, counted: with every level always backlogged, each window of W
 * dequeues gives level k exactly reserved(k) and the rest to the highest level; with levels that
 * come and go, every window in which a level was backlogged throughout gives it at least
 * reserved(k); with no reservations the order is strict priority.
 */
class PriorityShareTest {

  /** One consumer; every level refilled after each dequeue, so never empty. Returns levels taken. */
  private static List<Integer> drainAlwaysBacklogged(PriorityOptions o, int dequeues) {
    PriorityWorkQueue<Integer> q = new PriorityWorkQueue<>(o);
    for (int k = 0; k < o.levels(); k++) q.offer(k, k);
    List<Integer> levels = new ArrayList<>();
    for (int i = 0; i < dequeues; i++) {
      int level = q.poll().value();
      levels.add(level);
      q.offer(level, level); // keep it backlogged
    }
    q.close();
    return levels;
  }

  @Test
  void underContinuousLoadEachWindowGivesEveryLevelExactlyItsReservationAndTheRestToTheTop() {
    PriorityOptions o = PriorityOptions.of(4).withWindow(20).withReserved(1, 5).withReserved(2, 3)
        .withReserved(3, 2);
    List<Integer> levels = drainAlwaysBacklogged(o, 20 * 50);
    for (int w = 0; w < 50; w++) {
      int[] count = countPerLevel(levels.subList(20 * w, 20 * w + 20), 4);
      assertThat(count).as("window %d", w).containsExactly(10, 5, 3, 2);
    }
  }

  @Test
  void reservedSlotsComeAsLateAsPossibleSoTheTopLevelIsServedFirst() {
    PriorityOptions o = PriorityOptions.of(3).withWindow(10).withReserved(1, 2).withReserved(2, 1);
    List<Integer> levels = drainAlwaysBacklogged(o, 20);
    assertThat(levels.subList(0, 10)).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 2);
    assertThat(levels.subList(10, 20)).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 2);
  }

  @Test
  void slidingWindowsAlsoGetTheReservationUnderContinuousLoad() {
    PriorityOptions o = PriorityOptions.of(3).withWindow(10).withReserved(1, 2).withReserved(2, 1);
    List<Integer> levels = drainAlwaysBacklogged(o, 200);
    for (int start = 0; start + 10 <= levels.size(); start++) {
      int[] count = countPerLevel(levels.subList(start, start + 10), 3);
      assertThat(count[1]).as("window from %d", start).isGreaterThanOrEqualTo(2);
      assertThat(count[2]).as("window from %d", start).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void withoutReservationsTheOrderIsStrictPriorityAndFifoWithinALevel() {
    PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(3));
    q.offer(2, "low-1");
    q.offer(1, "mid-1");
    q.offer(2, "low-2");
    q.offer(0, "high-1");
    q.offer(1, "mid-2");
    q.offer(0, "high-2");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) out.add(q.poll().value());
    assertThat(out).containsExactly("high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void withRandomArrivalsEveryLevelBackloggedThroughAWindowGetsAtLeastItsReservation(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int levels = 2 + rnd.nextInt(4);
    int window = 5 + rnd.nextInt(30);
    PriorityOptions o = PriorityOptions.of(levels).withWindow(window);
    int budget = window;
    for (int k = 1; k < levels; k++) {
      int r = rnd.nextInt(budget / (levels - k) + 1);
      o = o.withReserved(k, r);
      budget -= r;
    }
    PriorityWorkQueue<Integer> q = new PriorityWorkQueue<>(o);
    int windows = 300;
    int[] served = new int[levels];
    boolean[] backlogged = new boolean[levels];
    java.util.Arrays.fill(backlogged, true);
    int checked = 0;
    for (int i = 0; i < windows * window; i++) {
      // Random arrivals: each level gets 0..2 new elements, with a bias so that some levels are
      // often empty and others always full.
      for (int k = 0; k < levels; k++) {
        int arrivals = rnd.nextInt(k % 2 == 0 ? 3 : 2);
        for (int a = 0; a < arrivals; a++) q.offer(k, k);
      }
      if (q.size() == 0) q.offer(levels - 1, levels - 1);
      for (int k = 0; k < levels; k++) if (q.size(k) == 0) backlogged[k] = false;
      int level = q.poll().value();
      served[level]++;
      if ((i + 1) % window == 0) {
        for (int k = 0; k < levels; k++) {
          if (backlogged[k]) {
            checked++;
            assertThat(served[k])
                .as("seed %d window %d level %d (%s)", seed, i / window, k, o)
                .isGreaterThanOrEqualTo(o.reserved().get(k));
          }
        }
        java.util.Arrays.fill(served, 0);
        java.util.Arrays.fill(backlogged, true);
      }
    }
    assertThat(checked).isGreaterThan(windows); // the property was exercised, not vacuous
    q.close();
  }

  @Test
  void perLevelCountsAreReported() {
    PriorityOptions o = PriorityOptions.of(2).withWindow(4).withReserved(1, 1);
    List<Integer> levels = drainAlwaysBacklogged(o, 8);
    assertThat(countPerLevel(levels, 2)).containsExactly(6, 2);
  }

  private static int[] countPerLevel(List<Integer> levels, int n) {
    int[] count = new int[n];
    for (int l : levels) count[l]++;
    return count;
  }
}
