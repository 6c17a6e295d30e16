package dev.weft.examples;

import dev.weft.chan.ReceiveResult;
import dev.weft.flow.queue.RingBuffer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A drop-oldest ring buffer: the producer never blocks; when the buffer is full the oldest entry
 * is evicted, so the consumer always finds the newest data.
 *
 * <p>For logs, a channel is the wrong kind of backpressure: a full channel blocks the logger. A
 * ring buffer that overwrites its oldest entry when full never does (in Go, the drop-oldest
 * {@code select} with a {@code default} that receives one value and sends again). A logger
 * writes 12 lines into a {@link RingBuffer} of 5 while nobody reads; each write past the fifth
 * evicts the oldest line and returns it. A reader then drains the buffer, waits briefly for more
 * (times out), and after {@code close()} learns the buffer is closed.
 *
 * <p>What to look for: lines 1 to 7 are evicted, in order, at writes 6 to 12; the reader gets lines
 * 8 to 12 in order; {@code dropped()} is 7.
 */
final class RingBufferExample implements Example {

  @Override
  public String name() {
    return "ring-buffer";
  }

  @Override
  public String description() {
    return "drop-oldest ring buffer: the producer never blocks, old entries are evicted";
  }

  @Override
  public String goIdiom() {
    return "Go's drop-oldest send, `select { case ch <- v: default: <-ch; ch <- v }`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    RingBuffer<String> tail = new RingBuffer<>(5);
    for (int i = 1; i <= 12; i++) {
      String line = "log line " + i;
      Optional<String> evicted = tail.put(line); // never blocks
      out.println("write " + line + evicted.map(e -> "   (full: evicted " + e + ")").orElse(""));
    }
    out.println("buffered " + tail.size() + "/" + tail.capacity() + ", dropped " + tail.dropped());

    List<String> read = new ArrayList<>();
    while (tail.poll() instanceof ReceiveResult.Value<String>(String line)) read.add(line);
    out.println("reader got " + read);
    out.println("reader waits 20 ms for more: " + describe(tail.poll(Duration.ofMillis(20))));
    tail.close();
    out.println("after close: " + describe(tail.takeResult()));
  }

  private static String describe(ReceiveResult<String> r) {
    return switch (r) {
      case ReceiveResult.Value<String>(String v) -> "got " + v;
      case ReceiveResult.TimedOut<String> t -> "timed out";
      case ReceiveResult.Closed<String> c -> "closed";
      default -> r.toString();
    };
  }
}
