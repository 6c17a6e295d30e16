package dev.weft.mapreduce;

/**
 * The automatic container, chosen from a sample (after Metis, which sizes its tables by sampling
 * the input).
 *
 * <p>Implementation notes. The sample gives records, emits, distinct keys and their estimated
 * bytes. Distinct keys grow with the input sublinearly when they repeat (Heaps' law: {@code D(n) ~
 * D(s) * (n / s)^b}; {@code b = 1/2} is typical of text) and linearly when nearly every emit is a
 * new key ({@code b = 1}). From that: the keys one worker will hold (which sizes its table, so it
 * does not resize on the way up) and the keys of the whole input. Per-worker hash tables are the
 * default: no contention, and they spill. The shared table is chosen only when it saves memory
 * that matters: when the workers' copies of the same keys would together pass the budget (and so
 * spill), while one copy would fit in half of it.
 *
 * @param container the choice, {@code hash()} or {@code shared()}
 * @param expectedKeys the keys one worker's table should be sized for
 */
record ContainerChoice(Container container, long expectedKeys) {

  static ContainerChoice choose(
      long records, long emits, long distinct, long keyBytes, double recordsTotal, int workers, long budget) {
    if (records == 0 || emits == 0 || distinct == 0) return new ContainerChoice(Container.hash(), 1024);
    double emitsTotal = recordsTotal * emits / records;
    double exponent = (double) distinct / emits >= 0.9 ? 1.0 : 0.5;
    double perWorker = distinct * Math.pow(Math.max(1, emitsTotal / workers / emits), exponent);
    double union = distinct * Math.pow(Math.max(1, emitsTotal / emits), exponent);
    double entry = Sizes.TABLE_SLOT + (double) keyBytes / distinct + 24;
    long expected = (long) Math.min(perWorker, 1 << 20);
    boolean copiesOverflow = perWorker * entry * workers > budget;
    boolean oneCopyFits = union * entry < budget / 2.0;
    Container c = workers > 1 && copiesOverflow && oneCopyFits ? Container.shared() : Container.hash();
    return new ContainerChoice(c, Math.max(16, expected));
  }
}
