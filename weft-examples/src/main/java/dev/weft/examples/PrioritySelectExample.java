package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict priority between two channels with Go's double select.
 *
 * <p>A select chooses at random among ready clauses, so one select over {@code high} and {@code
 * low} gives no priority. The Go idiom is two selects: first a non-blocking one on {@code high}
 * alone (its {@code default} falls through), then a blocking one over both, entered only when
 * {@code high} was empty:
 *
 * <pre>{@code
 * select { case j := <-high: return j; default: }
 * select { case j := <-high: return j; case j := <-low: return j }
 * }</pre>
 *
 * <p>weft's {@link Select#biased()} gives the same order in one select (first listed wins); it is
 * shown for comparison. Both queues are filled before the worker starts, so the order taken is
 * exactly the policy's.
 *
 * <p>What to look for: with the double select and the biased select every {@code H} comes before
 * every {@code L}; the plain fair select mixes them, differently on each run.
 */
final class PrioritySelectExample implements Example {

  private static final int EACH = 4;

  @Override
  public String name() {
    return "priority-select";
  }

  @Override
  public String description() {
    return "strict priority: a non-blocking select on high, then a select over both";
  }

  @Override
  public String goIdiom() {
    return "Go's double `select`: a non-blocking one on `high` with `default`, then one on both";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    out.println("double select: " + drain(Policy.DOUBLE));
    out.println("biased select: " + drain(Policy.BIASED));
    out.println("fair select:   " + drain(Policy.FAIR) + "   (random: no priority)");
  }

  private enum Policy {
    DOUBLE,
    BIASED,
    FAIR
  }

  /** Fills both queues, then takes every job under {@code policy}; returns the order taken. */
  private static String drain(Policy policy) throws InterruptedException {
    Channel<String> high = Channel.buffered(EACH);
    Channel<String> low = Channel.buffered(EACH);
    for (int i = 1; i <= EACH; i++) {
      high.send("H" + i);
      low.send("L" + i);
    }
    Select<Optional<String>> highNow =
        new Select<Optional<String>>().onReceive(high, Optional::of).orElse(Optional::empty);
    Select<String> both = new Select<String>().onReceive(high, j -> j).onReceive(low, j -> j);
    if (policy == Policy.BIASED) both.biased();

    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 2 * EACH; i++) {
      // first: high alone, never blocks; then, only if high was empty: whichever is ready
      Optional<String> job = policy == Policy.DOUBLE ? highNow.select() : Optional.empty();
      taken.add(job.isPresent() ? job.get() : both.select());
    }
    return String.join(" ", taken);
  }
}
