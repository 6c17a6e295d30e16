package dev.weft.examples;

import java.io.PrintStream;

/**
 * A runnable example of one concurrency pattern from the seed catalogue, written with weft's API
 * the way a Go engineer would write it in Go.
 *
 * <p>An example prints what happens to the stream it is given (so that tests can read it), ends by
 * itself within a few seconds, and joins or stops every thread it starts: when {@link #run}
 * returns, no thread of the example is left running. Examples are stateless: {@code run} may be
 * called again.
 */
public interface Example {

  /** The name used on the command line: lower case, words joined by '-', e.g. {@code handshake}. */
  String name();

  /** One line saying what the example shows. */
  String description();

  /** Where the pattern comes from in the seed catalogue, e.g. {@code "seed 000: Handshake"}. */
  String seed();

  /**
   * Runs the example, printing to {@code out}.
   *
   * @throws Exception if the example fails; the command line reports it and exits non-zero
   */
  void run(PrintStream out) throws Exception;
}
