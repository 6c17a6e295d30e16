package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SortedMerge} in any number of ranges, merged in any order, gives what a stable sort of
 * the lists laid end to end gives: equal elements in the order of their lists, also when they
 * straddle a pivot.
 */
class SortedMergeTest {

  /** An element: compared by its key only, so that ties show the order. */
  private record E(int key, int list, int index) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void matchesAStableSortOfTheListsEndToEnd(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Comparator<E> order = Comparator.comparingInt(E::key);
    List<List<E>> lists = new ArrayList<>();
    int n = rnd.nextInt(10);
    int keys = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 1_000); // few keys: many ties
    for (int i = 0; i < n; i++) {
      List<E> l = new ArrayList<>();
      int size = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(2_000);
      for (int j = 0; j < size; j++) l.add(new E(rnd.nextInt(keys), i, j));
      l.sort(order);
      lists.add(l);
    }
    List<E> expected = new ArrayList<>();
    for (List<E> l : lists) expected.addAll(l);
    expected.sort(order);

    int ranges = 1 + rnd.nextInt(5);
    SortedMerge<E> m = new SortedMerge<>(lists, order, ranges);
    List<Integer> schedule = new ArrayList<>();
    for (int j = 0; j < m.ranges(); j++) schedule.add(j);
    for (int j = schedule.size() - 1; j > 0; j--) {
      int k = rnd.nextInt(j + 1);
      schedule.set(j, schedule.set(k, schedule.get(j)));
    }
    for (int j : schedule) m.merge(j);
    assertThat(m.result(expected.size())).containsExactlyElementsOf(expected);
    int limit = rnd.nextInt(expected.size() + 1);
    assertThat(m.result(limit)).containsExactlyElementsOf(expected.subList(0, limit));
  }
}
