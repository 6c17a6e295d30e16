package dev.weft.flow.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The levels of a {@link PriorityWorkQueue}, the minimum share each one is guaranteed, and the
 * queue's capacity.
 *
 * <p>Level 0 is the highest priority, level {@code levels - 1} the lowest. Dequeues are counted in
 * consecutive <i>windows</i> of {@code window} dequeues. {@code reserved.get(k)} is how many
 * dequeues of every window level {@code k} is guaranteed while it has work: its minimum share is
 * {@code reserved.get(k) / window}. Reservations of zero everywhere give plain strict priority.
 *
 * <pre>{@code
 * // 3 levels; in every 100 dequeues, level 1 gets >= 20 and level 2 gets >= 10 while they have work
 * PriorityOptions.of(3).withWindow(100).withReserved(1, 20).withReserved(2, 10)
 * }</pre>
 *
 * <p>{@code capacity} bounds the number of queued elements over all levels; {@link
 * #UNBOUNDED} (the default) means no bound.
 *
 * @param levels number of priority levels, 1 to 1024
 * @param window dequeues per window, {@code > 0}
 * @param reserved one non-negative count per level; their sum is at most {@code window}
 * @param capacity the most elements queued at once, {@code > 0}; {@link #UNBOUNDED} for no bound
 */
public record PriorityOptions(int levels, int window, List<Integer> reserved, int capacity) {

  /** The capacity that means "no bound". */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** The largest number of levels. */
  public static final int MAX_LEVELS = 1024;

  /**
   * Validates and copies the options.
   *
   * @throws IllegalArgumentException if {@code levels} is not in 1..{@value #MAX_LEVELS}, {@code
   *     window <= 0}, {@code reserved} does not have one entry per level, an entry is negative, or
   *     the entries add up to more than {@code window}, or {@code capacity <= 0}
   * @throws NullPointerException if {@code reserved} or one of its entries is null
   */
  public PriorityOptions {
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "PriorityOptions: levels must be in 1.." + MAX_LEVELS + ", got " + levels);
    }
    if (window <= 0) {
      throw new IllegalArgumentException("PriorityOptions: window must be > 0, got " + window);
    }
    Objects.requireNonNull(reserved, "PriorityOptions: reserved is null");
    reserved = List.copyOf(reserved); // rejects null entries with NullPointerException
    if (reserved.size() != levels) {
      throw new IllegalArgumentException(
          "PriorityOptions: reserved must have one entry per level (" + levels + "), got "
              + reserved.size());
    }
    long sum = 0;
    for (int k = 0; k < levels; k++) {
      int r = reserved.get(k);
      if (r < 0) {
        throw new IllegalArgumentException(
            "PriorityOptions: reserved for level " + k + " must be >= 0, got " + r);
      }
      sum += r;
    }
    if (sum > window) {
      throw new IllegalArgumentException(
          "PriorityOptions: reserved adds up to " + sum + ", more than the window of " + window);
    }
    if (capacity <= 0) {
      throw new IllegalArgumentException("PriorityOptions: capacity must be > 0, got " + capacity);
    }
  }

  /**
   * {@code levels} levels with strict priority and no reservations, a window of 100 ready for
   * {@link #withReserved}, and no capacity bound.
   *
   * @param levels the number of priority levels
   * @return {@code levels} levels with strict priority and no reservations, a window of 100 ready
   *     for {@link #withReserved}, and no capacity bound
   * @throws IllegalArgumentException if {@code levels} is not in 1..{@value #MAX_LEVELS}
   */
  public static PriorityOptions of(int levels) {
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "PriorityOptions: levels must be in 1.." + MAX_LEVELS + ", got " + levels);
    }
    return new PriorityOptions(levels, 100, Collections.nCopies(levels, 0), UNBOUNDED);
  }

  /**
   * Three levels (high, normal, low); per window of 100 dequeues, normal is guaranteed 20 and low
   * 10 while they have work; no capacity bound.
   *
   * @return three levels (high, normal, low); per window of 100 dequeues, normal is guaranteed 20
   *     and low 10 while they have work; no capacity bound
   */
  public static PriorityOptions defaults() {
    return new PriorityOptions(3, 100, List.of(0, 20, 10), UNBOUNDED);
  }

  /**
   * These options with a window of {@code window} dequeues; validated as by the constructor.
   *
   * @param window the number of dequeues in a window
   * @return these options with a window of {@code window} dequeues; validated as by the constructor
   */
  public PriorityOptions withWindow(int window) {
    return new PriorityOptions(levels, window, reserved, capacity);
  }

  /**
   * These options with room for at most {@code capacity} queued elements ({@link #UNBOUNDED} for no
   * bound); validated as by the constructor.
   *
   * @param capacity the most queued elements
   * @return these options with room for at most {@code capacity} queued elements ({@link
   *     #UNBOUNDED} for no bound); validated as by the constructor
   */
  public PriorityOptions withCapacity(int capacity) {
    return new PriorityOptions(levels, window, reserved, capacity);
  }

  /**
   * These options with {@code count} dequeues of every window reserved for {@code level}.
   *
   * @param level the level, 0 the highest
   * @param count the dequeues reserved per window
   * @return these options with {@code count} dequeues of every window reserved for {@code level}
   * @throws IllegalArgumentException if {@code level} is out of range, or as by the constructor
   */
  public PriorityOptions withReserved(int level, int count) {
    checkLevel("PriorityOptions", level);
    List<Integer> r = new ArrayList<>(reserved);
    r.set(level, count);
    return new PriorityOptions(levels, window, r, capacity);
  }

  /**
   * {@code reserved.get(level) / window}: the minimum share of dequeues of {@code level}.
   *
   * @param level the level, 0 the highest
   * @return {@code reserved.get(level) / window}: the minimum share of dequeues of {@code level}
   */
  public double minimumShare(int level) {
    checkLevel("PriorityOptions", level);
    return (double) reserved.get(level) / window;
  }

  void checkLevel(String type, int level) {
    if (level < 0 || level >= levels) {
      throw new IllegalArgumentException(
          type + ": level must be in 0.." + (levels - 1) + ", got " + level);
    }
  }
}
