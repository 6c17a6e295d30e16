package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.flow.fan.Fan;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-in: several channels merged into one, with {@code Fan.merge}.
 *
 * <p>The classic Go program: a source of numbers, three "square" workers sharing it (Go's fan-out),
 * and their three result channels merged into one. {@code merge} starts one thread per input and
 * closes the merged channel when the last input closes, so the consumer's for-each loop ends by
 * itself. Items of one input keep their order; items of different inputs interleave.
 *
 * <p>Then the case Go code often gets wrong: an input that never closes (a sensor feed). Ranging
 * over the merge would never end; cancelling the context closes the merged channel and ends the
 * merge's threads, leaving the sensor's own channel to its owner.
 *
 * <p>Output is deterministic: results are printed sorted, with each worker's share.
 */
final class FanInExample implements Example {

  @Override
  public String name() {
    return "fan-in";
  }

  @Override
  public String description() {
    return "merge several channels into one that closes when all inputs close or on cancel";
  }

  @Override
  public String goIdiom() {
    return "Go's `merge(cs ...<-chan T) <-chan T`: "
        + "a goroutine per input, a `WaitGroup` that closes the output";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Channel<Integer> nums = Channel.buffered(8);
    for (int n = 1; n <= 8; n++) nums.send(n);
    nums.close();

    WaitGroup workers = new WaitGroup();
    List<ReceiveChannel<String>> results = new ArrayList<>();
    for (int w = 1; w <= 3; w++) {
      Channel<String> res = Channel.unbuffered();
      results.add(res);
      int id = w;
      workers.go(() -> {
        try {
          for (int n : nums) { // the three workers share nums: fan-out
            Thread.sleep(5); // simulate work
            res.send(String.format("%02d=%d^2 (w%d)", n * n, n, id));
          }
        } finally {
          res.close(); // each worker owns and closes its result channel
        }
      });
    }

    List<String> merged = new ArrayList<>();
    for (String r : Fan.merge(Context.background(), results, 3)) merged.add(r); // ends: all closed
    workers.await();
    merged.sort(null);
    int sum = 0;
    for (String r : merged) sum += Integer.parseInt(r.substring(0, 2));
    out.println("merged " + merged.size() + " results from 3 workers; sum of squares = " + sum);
    for (String r : merged) out.println("  " + r.substring(0, r.indexOf(' ')));

    out.println("an input that never closes: cancel the context to stop the merge");
    Channel<String> sensor = Channel.unbuffered(); // its owner never closes it
    Channel<String> batch = Channel.buffered(2);
    batch.send("reading a");
    batch.send("reading b");
    batch.close();
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      ReceiveChannel<String> all = Fan.merge(ctx, sensor, batch);
      int n = 0;
      for (String r : all) {
        out.println("  got " + r);
        if (++n == 2) ctx.cancel(); // enough: without this the loop would wait for the sensor forever
      }
      out.println("  merged channel closed after cancel; sensor still open: " + !sensor.isClosedForSend());
    }
  }
}
