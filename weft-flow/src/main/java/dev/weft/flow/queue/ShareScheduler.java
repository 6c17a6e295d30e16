package dev.weft.flow.queue;

/**
 * Chooses the level of each dequeue: strict priority, except where a reservation would otherwise
 * be missed. Not thread-safe: the queue calls it under its lock.
 *
 * <p>Implementation notes. Dequeues are numbered from 0; window w holds dequeues w*W .. w*W+W-1.
 * For the current window we keep {@code served[k]} and the position {@code pos}. Before each
 * dequeue let {@code left = W - pos} (dequeues left in the window, this one included) and {@code
 * owed = sum over all levels of max(0, reserved[k] - served[k])}. If {@code left <= owed}, the
 * dequeue goes to the highest-priority non-empty level that is still owed; otherwise (or if no owed
 * level is non-empty) to the highest-priority non-empty level.
 *
 * <p>Why every level k that is non-empty at each dequeue of a window gets reserved[k] of it: the
 * quantity {@code left - owed} starts at {@code W - sum(reserved) >= 0} and drops by at most one
 * per dequeue. Once it is 0, k (owed and non-empty) keeps an owed non-empty level available, so
 * every dequeue serves an owed level and {@code left} and {@code owed} fall together: {@code left -
 * owed} never goes negative. At the window's end {@code left = 0}, so {@code owed = 0}: k got its
 * reservation. Reserved slots are used as late in the window as possible, so higher levels are
 * delayed only when they must be.
 */
final class ShareScheduler {

  private final int window;
  private final int[] reserved;
  private final int[] served; // in the current window
  private int pos; // dequeues done in the current window, 0 <= pos < window
  private long owed; // sum of max(0, reserved[k] - served[k])

  ShareScheduler(PriorityOptions options) {
    this.window = options.window();
    this.reserved = options.reserved().stream().mapToInt(Integer::intValue).toArray();
    this.served = new int[reserved.length];
    resetWindow();
  }

  /**
   * The level to dequeue from, given how many elements each level holds (at least one is
   * non-empty), and records the dequeue.
   */
  int next(int[] sizes) {
    int chosen = -1;
    if (window - pos <= owed) {
      for (int k = 0; k < sizes.length; k++) {
        if (sizes[k] > 0 && served[k] < reserved[k]) {
          chosen = k;
          break;
        }
      }
    }
    if (chosen < 0) {
      for (int k = 0; k < sizes.length; k++) {
        if (sizes[k] > 0) {
          chosen = k;
          break;
        }
      }
    }
    if (chosen < 0) throw new AssertionError("ShareScheduler: every level is empty");
    if (served[chosen] < reserved[chosen]) owed--;
    served[chosen]++;
    if (++pos == window) resetWindow();
    return chosen;
  }

  private void resetWindow() {
    pos = 0;
    owed = 0;
    for (int k = 0; k < reserved.length; k++) {
      served[k] = 0;
      owed += reserved[k];
    }
  }
}
