package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.flow.fan.Fan;
import dev.weft.flow.fan.FanOut;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fan-out: one channel of work spread over several workers, with weft's {@code Fan}.
 *
 * <p>Three ways to fan out, each closing its outputs when the input is closed, so every worker's
 * plain for-each loop ends by itself:
 *
 * <ol>
 *   <li>{@code Fan.split}: round-robin, job {@code k} to worker {@code k % 3};
 *   <li>{@code Fan.splitBy}: by key, so all orders of one customer reach the same worker (and stay
 *       in order there), as needed for per-key state;
 *   <li>{@code Fan.tee}: every event to every consumer (an audit log and a counter).
 * </ol>
 *
 * Then a cancellation: one worker stalls, the split blocks on it, and cancelling the context closes
 * every output and ends the split's thread; the one job it held is reported as dropped.
 *
 * <p>Workers record what they received and print after they all finished, so the output is the
 * same on every run. (For pure load balancing, Go's usual fan-out of workers sharing one channel
 * is simpler; {@code split} is for when the assignment must be fixed.)
 */
final class FanOutExample implements Example {

  @Override
  public String name() {
    return "fan-out";
  }

  @Override
  public String description() {
    return "split a channel over workers round-robin or by key, tee it to every consumer, cancel";
  }

  @Override
  public String goIdiom() {
    return "Go's fan-out: one goroutine copying a channel to several, "
        + "closing them all when its input closes";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Context bg = Context.background();

    out.println("round-robin: 9 jobs over 3 workers");
    FanOut<String> rr = Fan.split(bg, source(jobs(9)), 3, 1);
    print(out, drain(rr.outputs()));

    out.println("by key: orders of one customer always reach the same worker, in order");
    List<String> orders =
        List.of("alice#1", "bob#1", "carol#1", "alice#2", "dave#1", "bob#2", "alice#3", "carol#2");
    FanOut<String> byKey = Fan.splitBy(bg, source(orders), 3, o -> o.substring(0, o.indexOf('#')), 1);
    print(out, drain(byKey.outputs()));

    out.println("tee: every event to every consumer");
    FanOut<String> tee = Fan.tee(bg, source(List.of("login", "view", "logout")), 2, 0);
    List<List<String>> copies = drain(tee.outputs());
    out.println("  audit log: " + String.join(", ", copies.get(0)));
    out.println("  counter:   " + copies.get(1).size() + " events");

    out.println("cancel: worker 1 stalls, the split waits on it, the context is cancelled");
    Channel<String> endless = Channel.buffered(10);
    for (String j : jobs(10)) endless.send(j); // never closed: only cancellation can end the split
    try (CancelContext ctx = Context.withCancel(bg)) {
      FanOut<String> stalled = Fan.split(ctx, endless, 2, 0);
      String first = stalled.output(0).receive(); // job 0; job 1 is held for worker 1
      while (endless.len() > 8) Thread.onSpinWait(); // the split took job 1 and waits
      ctx.cancel();
      stalled.await(); // the split's thread has ended and closed both outputs
      for (String ignored : stalled.output(1)) {} // ends at once: closed
      for (String ignored : stalled.output(0)) {}
      out.println("  worker 0 got " + first + "; outputs closed; dropped " + stalled.dropped()
          + " job; " + endless.len() + " jobs left in the input");
    }
  }

  private static List<String> jobs(int n) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) jobs.add("job " + i);
    return jobs;
  }

  /** A channel holding {@code items}, closed: the producer is done. */
  private static ReceiveChannel<String> source(List<String> items) {
    Channel<String> ch = Channel.buffered(items.size());
    for (String s : items) ch.trySend(s);
    ch.close();
    return ch;
  }

  /** One worker per output, each ranging over its channel; returns what each received. */
  private static List<List<String>> drain(List<ReceiveChannel<String>> outputs)
      throws InterruptedException {
    Map<Integer, List<String>> got = new ConcurrentHashMap<>();
    WaitGroup workers = new WaitGroup();
    for (int w = 0; w < outputs.size(); w++) {
      int id = w;
      workers.go(() -> {
        List<String> mine = new ArrayList<>();
        for (String job : outputs.get(id)) mine.add(job); // ends when the fan closes it
        got.put(id, mine);
      });
    }
    workers.await();
    return new ArrayList<>(new TreeMap<>(got).values());
  }

  private static void print(PrintStream out, List<List<String>> perWorker) {
    for (int w = 0; w < perWorker.size(); w++) {
      out.println("  worker " + w + ": " + String.join(", ", perWorker.get(w)));
    }
  }
}
