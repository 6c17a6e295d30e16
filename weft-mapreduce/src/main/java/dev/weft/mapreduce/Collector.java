package dev.weft.mapreduce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One partition's output: every entry, or the first k in order; {@link #seal()} leaves them in
 * the output's order.
 */
final class Collector {
  private List<Map.Entry<Object, Object>> list = new ArrayList<>();
  private final PriorityQueue<Map.Entry<Object, Object>> heap; // top-k: the worst on top
  private final Comparator<Map.Entry<Object, Object>> order; // null: unordered
  private final int k;

  @SuppressWarnings("unchecked")
  Collector(Output<?, ?> output) {
    switch (output) {
      case Output.TopK<?, ?> t -> {
        order = (Comparator<Map.Entry<Object, Object>>) (Comparator<?>) t.order();
        heap = new PriorityQueue<>(order.reversed());
        k = t.k();
      }
      case Output.Sorted<?, ?> s -> {
        order = (Comparator<Map.Entry<Object, Object>>) (Comparator<?>) s.order();
        heap = null;
        k = 0;
      }
      case Output.Unordered<?, ?> u -> {
        order = null;
        heap = null;
        k = 0;
      }
    }
  }

  /** Puts the entries in the output's order (once every entry is in). */
  void seal() {
    if (heap != null) list = new ArrayList<>(heap);
    if (order != null) list.sort(order);
  }

  void add(Map.Entry<Object, Object> e) {
    if (heap == null) {
      list.add(e);
    } else {
      heap.add(e);
      if (heap.size() > k) heap.poll();
    }
  }

  List<Map.Entry<Object, Object>> entries() {
    return list;
  }
}
