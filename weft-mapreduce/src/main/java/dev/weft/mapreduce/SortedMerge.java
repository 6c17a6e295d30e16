package dev.weft.mapreduce;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Merges sorted lists (the partitions' outputs) into one sorted list, in ranges that several
 * workers fill at once. The result is the one a stable sort of the lists, one after the other,
 * would give: equal elements come in the order of their lists.
 *
 * <p>The ranges are cut at pivots taken from the longest list: in every list, range {@code j}
 * holds the elements not below pivot {@code j - 1} and below pivot {@code j}, so equal elements
 * fall in one range. A range is merged by laying its lists' pieces one after the other and
 * sorting them stably: TimSort finds the sorted runs and merges them, galloping through long
 * stretches of one run.
 *
 * @param <T> the element type
 */
final class SortedMerge<T> {
  private final List<? extends List<? extends T>> lists;
  private final Comparator<? super T> order;
  private final int[][] bounds; // bounds[j][i]: where range j starts in list i
  private final int[] starts; // starts[j]: where range j starts in the output
  private final Object[] out;

  /**
   * Plans the merge of {@code lists}, each sorted by {@code order}, in {@code ranges} ranges.
   *
   * @throws IllegalArgumentException if {@code ranges} is not positive
   */
  SortedMerge(List<? extends List<? extends T>> lists, Comparator<? super T> order, int ranges) {
    if (ranges <= 0) throw new IllegalArgumentException("SortedMerge: ranges must be positive: " + ranges);
    this.lists = lists;
    this.order = order;
    int n = lists.size();
    bounds = new int[ranges + 1][n];
    List<? extends T> longest = List.of();
    long total = 0;
    for (int i = 0; i < n; i++) {
      List<? extends T> l = lists.get(i);
      bounds[ranges][i] = l.size();
      total += l.size();
      if (l.size() > longest.size()) longest = l;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("SortedMerge: " + total + " elements do not fit one list");
    }
    for (int j = 1; j < ranges; j++) {
      if (longest.isEmpty()) break; // every list is empty: every range too
      T pivot = longest.get((int) ((long) longest.size() * j / ranges));
      for (int i = 0; i < n; i++) {
        bounds[j][i] = Math.max(bounds[j - 1][i], lowerBound(lists.get(i), pivot));
      }
    }
    starts = new int[ranges + 1];
    for (int j = 0; j < ranges; j++) {
      int size = 0;
      for (int i = 0; i < n; i++) size += bounds[j + 1][i] - bounds[j][i];
      starts[j + 1] = starts[j] + size;
    }
    out = new Object[(int) total];
  }

  int ranges() {
    return starts.length - 1;
  }

  /** Merges range {@code j}; ranges may be merged in any order, from any threads. */
  @SuppressWarnings("unchecked")
  void merge(int j) {
    int at = starts[j];
    for (int i = 0; i < lists.size(); i++) {
      List<? extends T> l = lists.get(i);
      for (int k = bounds[j][i]; k < bounds[j + 1][i]; k++) out[at++] = l.get(k);
    }
    Arrays.sort(out, starts[j], at, (Comparator<Object>) order);
  }

  /** The merged list, once every range is merged; its first {@code limit} elements at most. */
  @SuppressWarnings("unchecked")
  List<T> result(int limit) {
    Object[] r = limit < out.length ? Arrays.copyOf(out, limit) : out;
    return (List<T>) Arrays.asList(r);
  }

  /** The index of the first element of the sorted {@code list} that is not below {@code pivot}. */
  private int lowerBound(List<? extends T> list, T pivot) {
    int lo = 0;
    int hi = list.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (order.compare(list.get(mid), pivot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
