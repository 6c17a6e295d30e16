package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producer-consumer: a bounded buffer between fast producers and slower consumers; close to
 * finish.
 *
 * <p>Three producers put 8 log lines each into {@code Channel.buffered(4)}. When the buffer is
 * full a producer's {@code send} waits: the buffer's capacity is the backpressure. Two consumers
 * drain it with a plain for-each loop ({@code for v := range ch} in Go), which ends when the
 * channel is closed <i>and</i> drained. Only the sending side closes, and only once every producer
 * has finished; closing never loses the values already buffered.
 *
 * <p>Each consumer reports its count on a {@code results} channel when its loop ends.
 *
 * <p>What to look for: {@code len} never exceeds {@code cap}, all 24 lines are consumed although
 * the channel was closed while some were still buffered, and both consumer loops end by
 * themselves. How the 24 split between the consumers changes from run to run.
 */
final class ProducerConsumerExample implements Example {

  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 8;
  private static final int CONSUMERS = 2;

  @Override
  public String name() {
    return "producer-consumer";
  }

  @Override
  public String description() {
    return "a bounded buffer between producers and consumers; close ends the consumers' loops";
  }

  @Override
  public String goIdiom() {
    return "Go's `for v := range ch` over a buffered channel, with `close`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<String> lines = Channel.buffered(4);
    Channel<Integer> results = Channel.buffered(CONSUMERS);

    WaitGroup consumers = new WaitGroup();
    for (int c = 1; c <= CONSUMERS; c++) {
      consumers.go(() -> {
        int count = 0;
        for (String ignored : lines) { // ends when closed and drained
          count++;
          Thread.sleep(2); // consumers are slower than producers
        }
        results.send(count); // room for every consumer: never blocks
      });
    }

    WaitGroup producers = new WaitGroup();
    AtomicInteger maxLen = new AtomicInteger(); // len() as a monitor would see it
    for (int p = 1; p <= PRODUCERS; p++) {
      int id = p;
      producers.go(() -> {
        for (int i = 1; i <= PER_PRODUCER; i++) {
          lines.send("p" + id + "-line" + i); // waits while the buffer is full
          maxLen.accumulateAndGet(lines.len(), Math::max);
        }
      });
    }
    producers.await();
    out.println(PRODUCERS + " producers sent " + PRODUCERS * PER_PRODUCER + " lines; "
        + "largest len seen " + maxLen.get() + " <= cap " + lines.cap());
    out.println("closing with " + lines.len() + " line(s) still buffered");
    lines.close(); // the producers are done: only now is it safe to close

    int total = 0;
    for (int c = 0; c < CONSUMERS; c++) total += results.receive();
    consumers.await();
    out.println("both consumer loops ended; consumed " + total + " of "
        + PRODUCERS * PER_PRODUCER + " lines");
  }
}
