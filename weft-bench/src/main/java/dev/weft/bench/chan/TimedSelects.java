package dev.weft.bench.chan;

import dev.weft.bench.kotlin.KotlinShapes;
import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code select} over one receive clause and a timeout, on a rendezvous channel, for the timed
 * select shapes. weft reuses one {@code Select} with an {@code onTimeout} clause; jox uses {@code
 * selectOrClosedWithin} ({@code selectWithin} without the exception on timeout); Kotlin uses {@code
 * onTimeout(Duration)}; the JDK baseline is {@code SynchronousQueue.poll(timeout)}.
 */
final class TimedSelects {

  private static final Object TIMED_OUT = new Object();

  private TimedSelects() {}

  /** Whether a select returned the timeout marker: an identity check on purpose. */
  @SuppressWarnings("ReferenceEquality")
  private static boolean isTimeout(Object result) {
    return result == TIMED_OUT;
  }

  /**
   * Selects {@code selects} times with {@code timeout}; with {@code producer} a producer sends
   * {@code selects} values and the consumer runs until it received all of them (a timeout that
   * fires anyway costs an extra select, not a hang). Returns the number of timeouts.
   */
  static int run(String impl, int selects, Duration timeout, boolean producer) throws Exception {
    return switch (impl) {
      case "weft" -> weft(selects, timeout, producer);
      case "jox" -> jox(selects, timeout, producer);
      case "kotlin" -> KotlinShapes.timedSelect(selects, timeout.toNanos(), producer);
      case "SynchronousQueue" -> queue(selects, timeout, producer);
      default -> throw new IllegalArgumentException("TimedSelects: unknown implementation " + impl);
    };
  }

  private static int weft(int selects, Duration timeout, boolean producer) throws Exception {
    Channel<Object> ch = Channel.unbuffered();
    AtomicInteger timeouts = new AtomicInteger();
    VirtualThreads threads = new VirtualThreads();
    if (producer) {
      threads.add(
          () -> {
            for (int i = 0; i < selects; i++) ch.send(Pipe.MESSAGE);
          });
    }
    threads.add(
        () -> {
          Select<Object> select = new Select<>().onReceive(ch, v -> v).onTimeout(timeout, () -> TIMED_OUT);
          int received = 0;
          int fired = 0;
          while (producer ? received < selects : fired < selects) {
            if (isTimeout(select.select())) fired++;
            else received++;
          }
          timeouts.set(fired);
        });
    threads.runAll();
    return timeouts.get();
  }

  private static int jox(int selects, Duration timeout, boolean producer) throws Exception {
    com.softwaremill.jox.Channel<Object> ch = com.softwaremill.jox.Channel.newRendezvousChannel();
    AtomicInteger timeouts = new AtomicInteger();
    VirtualThreads threads = new VirtualThreads();
    if (producer) {
      threads.add(
          () -> {
            for (int i = 0; i < selects; i++) ch.send(Pipe.MESSAGE);
          });
    }
    threads.add(
        () -> {
          int received = 0;
          int fired = 0;
          while (producer ? received < selects : fired < selects) {
            Object v = com.softwaremill.jox.Select.selectOrClosedWithin(timeout, TIMED_OUT, ch.receiveClause());
            if (isTimeout(v)) fired++;
            else received++;
          }
          timeouts.set(fired);
        });
    threads.runAll();
    return timeouts.get();
  }

  private static int queue(int selects, Duration timeout, boolean producer) throws Exception {
    SynchronousQueue<Object> q = new SynchronousQueue<>();
    long nanos = timeout.toNanos();
    AtomicInteger timeouts = new AtomicInteger();
    VirtualThreads threads = new VirtualThreads();
    if (producer) {
      threads.add(
          () -> {
            for (int i = 0; i < selects; i++) q.put(Pipe.MESSAGE);
          });
    }
    threads.add(
        () -> {
          int received = 0;
          int fired = 0;
          while (producer ? received < selects : fired < selects) {
            if (q.poll(nanos, TimeUnit.NANOSECONDS) == null) fired++;
            else received++;
          }
          timeouts.set(fired);
        });
    threads.runAll();
    return timeouts.get();
  }
}
