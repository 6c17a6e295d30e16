package dev.weft.mapreduce;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The splits of a job, dealt to the workers in contiguous blocks (neighbouring byte ranges stay
 * with one worker, which reads them in order), with stealing: a worker takes from the head of its
 * own deque, and when that is empty from the tail of another's, looking at the others in turn
 * from its right-hand neighbour. All splits exist before the workers start and none are added, so
 * a worker that finds every deque empty is done.
 */
final class SplitQueues {
  private final ConcurrentLinkedDeque<Split>[] deques;
  private final AtomicInteger stolen = new AtomicInteger();

  @SuppressWarnings({"unchecked", "rawtypes"})
  SplitQueues(List<Split> splits, int workers) {
    deques = new ConcurrentLinkedDeque[workers];
    for (int w = 0; w < workers; w++) deques[w] = new ConcurrentLinkedDeque<>();
    int n = splits.size();
    for (int i = 0; i < n; i++) deques[(int) ((long) i * workers / n)].addLast(splits.get(i));
  }

  /** The next split for worker {@code w}, or null when there is none left anywhere. */
  Split next(int w) {
    Split s = deques[w].pollFirst();
    if (s != null) return s;
    int n = deques.length;
    for (int k = 1; k < n; k++) {
      s = deques[(w + k) % n].pollLast();
      if (s != null) {
        stolen.incrementAndGet();
        return s;
      }
    }
    return null;
  }

  int stolen() {
    return stolen.get();
  }
}
