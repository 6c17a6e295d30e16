package dev.weft.flow.fan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Producers merged, split by key and merged again, with tee'd copies, under random capacities and
 * random cancellation: without cancellation every item arrives exactly once per copy; with it, the
 * outputs still close and no item is duplicated; no thread is left.
 */
@Tag("stress")
@Timeout(60)
class FanStressTest {

  @Test
  void mergeSplitTeeMergeUnderRandomCancellation() throws Exception {
    SplittableRandom rnd = new SplittableRandom(4);
    long deadline = System.nanoTime() + (Boolean.getBoolean("weft.soak") ? 60 : 3) * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      int producers = rnd.nextInt(1, 5);
      int perProducer = rnd.nextInt(0, 200);
      boolean cancel = rnd.nextInt(4) == 0;
      int cancelAfter = rnd.nextInt(1, 50);
      try (CancelContext ctx = Context.withCancel(Context.background())) {
        List<ReceiveChannel<Integer>> sources = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
          Channel<Integer> ch = Channel.buffered(rnd.nextInt(0, 4));
          int base = p * 1000;
          threads.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        try {
                          for (int i = 0; i < perProducer; i++) {
                            if (!ch.sendResult(base + i, ctx).isSent()) break;
                          }
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        } finally {
                          ch.close();
                        }
                      }));
          sources.add(ch);
        }
        ReceiveChannel<Integer> merged = Fan.merge(ctx, sources, rnd.nextInt(0, 4));
        FanOut<Integer> copies = Fan.tee(ctx, merged, 2, rnd.nextInt(0, 4));
        FanOut<Integer> shards = Fan.splitBy(ctx, copies.output(0), 3, i -> i % 7, rnd.nextInt(0, 4));
        FanOut<Integer> rr = Fan.split(ctx, copies.output(1), 2, rnd.nextInt(0, 4));
        List<ReceiveChannel<Integer>> all = new ArrayList<>(shards.outputs());
        all.addAll(rr.outputs());
        ReceiveChannel<Integer> out = Fan.merge(ctx, all, 1);
        Map<Integer, Integer> seen = new HashMap<>();
        int received = 0;
        for (int v : out) {
          seen.merge(v, 1, Integer::sum);
          if (cancel && ++received == cancelAfter) ctx.cancel();
        }
        for (Thread t : threads) t.join();
        assertThat(seen.values()).allSatisfy(c -> assertThat(c).isBetween(1, 2));
        if (!cancel || received < cancelAfter) {
          assertThat(seen).hasSize(producers * perProducer);
          assertThat(seen.values()).allSatisfy(c -> assertThat(c).isEqualTo(2));
        }
      }
    }
  }
}
