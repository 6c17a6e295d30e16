package dev.weft.test;

/** A block of code that may throw a checked exception; what {@link PinningDetector} runs. */
@FunctionalInterface
public interface ThrowingRunnable {

  /**
   * Runs the block.
   *
   * @throws Exception whatever the block throws
   */
  void run() throws Exception;
}
