package dev.weft.mapreduce;

/**
 * Where a job keeps its intermediate pairs while mapping (after Phoenix++'s containers).
 *
 * <ul>
 *   <li>{@link #hash()}: one resizable hash table per worker, merged by partition at the end. No
 *       contention; every worker may hold a copy of a key. Spills to disk over the budget.
 *   <li>{@link #dense(int)}: one array per worker indexed by an {@code Integer} key in {@code [0,
 *       size)} (a histogram). The cheapest by far; a key outside the range fails the job.
 *   <li>{@link #shared()}: one concurrent table for all workers. One copy of each key, at the cost
 *       of contention on hot keys; it does not spill, and a job whose table outgrows the memory
 *       budget fails (use {@code hash()} then).
 *   <li>{@link #auto()}: the default; the engine maps a sample of the input first and chooses
 *       {@code hash()} or {@code shared()} from the number of distinct keys it sees, and sizes the
 *       tables from it (after Metis). It never chooses {@code dense}: the key range is not
 *       something a sample can promise.
 * </ul>
 */
public sealed interface Container {

  /**
   * Chosen from a sample of the input.
   *
   * @return the automatic choice, the default
   */
  static Container auto() {
    return new Auto();
  }

  /**
   * One hash table per worker.
   *
   * @return the per-worker hash container
   */
  static Container hash() {
    return new Hash();
  }

  /**
   * One array per worker for {@code Integer} keys in {@code [0, size)}.
   *
   * @param size the number of keys, positive
   * @return the dense array container
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  static Container dense(int size) {
    return new Dense(size);
  }

  /**
   * One concurrent table shared by all workers.
   *
   * @return the shared container
   */
  static Container shared() {
    return new Shared();
  }

  /** Chosen from a sample. */
  record Auto() implements Container {}

  /** A hash table per worker. */
  record Hash() implements Container {}

  /**
   * An array per worker.
   *
   * @param size the number of keys: keys are in {@code [0, size)}
   */
  record Dense(int size) implements Container {
    /**
     * Validates the size.
     *
     * @param size the number of keys
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public Dense {
      if (size <= 0) throw new IllegalArgumentException("Container: dense size must be positive: " + size);
    }
  }

  /** One concurrent table for all workers. */
  record Shared() implements Container {}
}
