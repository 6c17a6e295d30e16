package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An example for command-line tests: it moves the fake clock {@code nanos} on by {@code millis},
 * prints {@code "<name> ran"}, and then fails if {@code fails}.
 */
record TimedFake(String name, long millis, boolean fails, AtomicLong nanos) implements Example {

  @Override
  public String description() {
    return "a fake that takes " + millis + " ms";
  }

  @Override
  public String goIdiom() {
    return "Go's `time.Sleep`";
  }

  @Override
  public void run(PrintStream out) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    out.println(name + " ran");
    if (fails) throw new IllegalStateException(name + " broke");
  }
}
