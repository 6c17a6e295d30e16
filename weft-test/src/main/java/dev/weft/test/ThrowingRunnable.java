package dev.weft.test;

/** A block of code that may throw a checked exception; what {@link PinningDetector} runs. */
@FunctionalInterface
public interface ThrowingRunnable {

  /** Runs the block. */
  void run() throws Exception;
}
