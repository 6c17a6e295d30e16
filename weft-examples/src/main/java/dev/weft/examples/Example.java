package dev.weft.examples;

import java.io.PrintStream;
import java.util.Optional;

/**
 * A runnable example of one concurrency pattern, written with weft's API the way a Go engineer
 * would write it in Go.
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

  /**
   * The Go idiom the example mirrors, as a phrase that reads after "mirrors", with code in
   * backticks: e.g. {@code "Go's `for v := range ch` over a buffered channel, with `close`"}.
   */
  String goIdiom();

  /**
   * What this machine lacks for the example to run, as one line saying what to install (e.g. an
   * example that starts a {@code redis-server}); empty when it can run, which is the case for every
   * example that needs nothing but the JDK. The tour skips an example that lacks something and
   * prints this line instead.
   */
  default Optional<String> missing() {
    return Optional.empty();
  }

  /**
   * Runs the example, printing to {@code out}.
   *
   * @throws Exception if the example fails; the command line reports it and exits non-zero
   */
  void run(PrintStream out) throws Exception;
}
