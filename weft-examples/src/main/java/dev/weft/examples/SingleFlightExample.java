package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.SingleFlight;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SingleFlight: when many callers ask for the same thing at once, do the work once and give them
 * all the result (Go's {@code golang.org/x/sync/singleflight}).
 *
 * <p>Five requests miss a cache at the same moment and all want {@code "config"}. Without
 * single-flight each would load it from the slow backend (a "cache stampede"). With {@code
 * group.run("config", load)}, the first caller runs {@code load}; the other four find that call
 * in flight, wait for it, and receive the same result, marked {@code shared}. Here the load waits
 * until the main thread opens a gate, so that all five callers are surely waiting together.
 *
 * <p>Only calls that overlap are merged: once a call has finished, the next call for the key runs
 * {@code load} again. (A cache, not single-flight, is what keeps results.)
 *
 * <p>What to look for: one load for five callers, all with {@code config v1 (shared)}; then a
 * later caller triggers load number 2.
 */
final class SingleFlightExample implements Example {

  private static final int CALLERS = 5;

  @Override
  public String name() {
    return "singleflight";
  }

  @Override
  public String description() {
    return "merge concurrent duplicate calls: one load, its result shared by every caller";
  }

  @Override
  public String goIdiom() {
    return "Go's `singleflight.Group.Do` from `x/sync/singleflight`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    SingleFlight<String, String> group = new SingleFlight<>();
    AtomicInteger loads = new AtomicInteger();
    Channel<Void> gate = Channel.unbuffered(); // closed by main: the backend answers
    Callable<String> load = () -> {
      int n = loads.incrementAndGet();
      gate.receiveResult(); // a slow backend
      return "config v" + n;
    };

    Channel<String> answers = Channel.buffered(CALLERS);
    WaitGroup arrived = new WaitGroup();
    arrived.add(CALLERS);
    WaitGroup callers = new WaitGroup();
    for (int i = 1; i <= CALLERS; i++) {
      String me = "caller " + i;
      callers.go(() -> {
        arrived.done();
        SingleFlight.Result<String> r = group.run("config", load);
        answers.send(me + " got " + r.get() + (r.shared() ? " (shared)" : ""));
      });
    }
    arrived.await();
    Thread.sleep(50); // let every caller reach group.run
    gate.close();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) lines.add(answers.receive());
    callers.await();
    lines.stream().sorted().forEach(l -> out.println("  " + l));
    out.println(CALLERS + " concurrent callers, loads: " + loads.get());

    SingleFlight.Result<String> later = group.run("config", load); // gate is open: returns at once
    out.println("a later caller got " + later.get() + (later.shared() ? " (shared)" : "")
        + ", loads: " + loads.get());
  }
}
