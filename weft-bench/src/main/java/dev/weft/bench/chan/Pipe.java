package dev.weft.bench.chan;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * One blocking channel of a benchmarked implementation, reduced to blocking send and receive so
 * that a shape is written once for weft, jox and the JDK queues.
 *
 * <p>Each JMH fork runs one implementation only, so the call sites stay monomorphic and the
 * adapter inlines away.
 */
interface Pipe {

  /** The message every shape sends: one shared object, no allocation per send. */
  Object MESSAGE = new Object();

  void send(Object value) throws InterruptedException;

  Object receive() throws InterruptedException;

  /**
   * A new pipe of {@code impl} with {@code capacity} (0: rendezvous).
   *
   * <p>{@code impl} is {@code weft}, {@code jox}, a JDK class name, or {@code jdk}: the JDK queue
   * that fits the capacity, {@link SynchronousQueue} for 0 and {@link ArrayBlockingQueue} above.
   *
   * @throws IllegalArgumentException if {@code impl} is unknown or does not have that capacity
   */
  static Pipe of(String impl, int capacity) {
    return switch (impl) {
      case "weft" -> weft(capacity);
      case "jox" -> jox(capacity);
      case "jdk" -> capacity == 0 ? blockingQueue(new SynchronousQueue<>()) : blockingQueue(new ArrayBlockingQueue<>(capacity));
      case "SynchronousQueue" -> {
        requireCapacity(impl, capacity, 0);
        yield blockingQueue(new SynchronousQueue<>());
      }
      case "Exchanger" -> {
        requireCapacity(impl, capacity, 0);
        yield exchanger();
      }
      case "LinkedTransferQueue" -> {
        requireCapacity(impl, capacity, 0);
        yield linkedTransferQueue();
      }
      case "ArrayBlockingQueue" -> blockingQueue(new ArrayBlockingQueue<>(capacity));
      default -> throw new IllegalArgumentException("Pipe: unknown implementation " + impl);
    };
  }

  private static void requireCapacity(String impl, int capacity, int expected) {
    if (capacity != expected) {
      throw new IllegalArgumentException("Pipe: " + impl + " has capacity " + expected + ", not " + capacity);
    }
  }

  private static Pipe weft(int capacity) {
    dev.weft.chan.Channel<Object> ch =
        capacity == 0 ? dev.weft.chan.Channel.unbuffered() : dev.weft.chan.Channel.buffered(capacity);
    return new Pipe() {
      @Override
      public void send(Object value) throws InterruptedException {
        ch.send(value);
      }

      @Override
      public Object receive() throws InterruptedException {
        return ch.receive();
      }
    };
  }

  private static Pipe jox(int capacity) {
    com.softwaremill.jox.Channel<Object> ch =
        capacity == 0
            ? com.softwaremill.jox.Channel.newRendezvousChannel()
            : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
    return new Pipe() {
      @Override
      public void send(Object value) throws InterruptedException {
        ch.send(value);
      }

      @Override
      public Object receive() throws InterruptedException {
        return ch.receive();
      }
    };
  }

  /** {@code put}/{@code take} on a blocking queue: a SynchronousQueue or an ArrayBlockingQueue. */
  private static Pipe blockingQueue(BlockingQueue<Object> q) {
    return new Pipe() {
      @Override
      public void send(Object value) throws InterruptedException {
        q.put(value);
      }

      @Override
      public Object receive() throws InterruptedException {
        return q.take();
      }
    };
  }

  /** Transfer waits for a receiver, so an unbounded queue behaves as a rendezvous. */
  private static Pipe linkedTransferQueue() {
    LinkedTransferQueue<Object> q = new LinkedTransferQueue<>();
    return new Pipe() {
      @Override
      public void send(Object value) throws InterruptedException {
        q.transfer(value);
      }

      @Override
      public Object receive() throws InterruptedException {
        return q.take();
      }
    };
  }

  /** Only for one sender and one receiver: any two parties exchange, so two senders could pair up. */
  private static Pipe exchanger() {
    Exchanger<Object> x = new Exchanger<>();
    return new Pipe() {
      @Override
      public void send(Object value) throws InterruptedException {
        x.exchange(value);
      }

      @Override
      public Object receive() throws InterruptedException {
        return x.exchange(null);
      }
    };
  }
}
