package dev.weft.chan;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The receiving side of a {@link Channel} (Go's {@code <-chan E}).
 *
 * <p>Receive comes as a family:
 *
 * <ul>
 *   <li>{@link #receive()}: blocks; throws {@link ChannelClosedException} once the channel is
 *       closed and drained (Go's {@code v := <-ch}, but loud instead of a zero value);
 *   <li>{@link #receiveResult()}: blocks; returns {@link ReceiveResult.Value} or {@link
 *       ReceiveResult.Closed} (Go's {@code v, ok := <-ch});
 *   <li>{@link #tryReceive()}: never blocks; may also return {@link ReceiveResult.Empty};
 *   <li>{@link #tryReceive(Duration)}: waits at most the timeout; may return {@link
 *       ReceiveResult.TimedOut};
 *   <li>{@link #receive(Context)} and {@link #receiveResult(Context)}: wait until the context is
 *       done; the latter may return {@link ReceiveResult.Cancelled};
 *   <li>iteration and {@link #stream()}: end when the channel is closed and drained (Go's {@code
 *       for v := range ch}).
 * </ul>
 *
 * <p>Every blocking form throws {@link InterruptedException} if the thread is interrupted on entry
 * or while waiting; an interrupted or cancelled receive takes nothing from the channel. A
 * receive that completed wins over an interrupt that arrives at the same moment: the value is
 * returned and the interrupt status is left set.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it sends a value
 * <i>happen-before</i> actions after the receive of that value completes in another thread; a
 * {@link Channel#close()} happens-before a receive that observes the channel closed.
 *
 * @param <E> element type; never {@code null}
 */
public sealed interface ReceiveChannel<E> extends Iterable<E> permits Channel {

  /**
   * Receives a value, waiting until one is available.
   *
   * <p>Wakes when a value is buffered or a sender arrives, when the channel is closed and
   * drained, or on interrupt.
   *
   * @return the value received
   * @throws ChannelClosedException if the channel is closed and no value is left
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
   */
  E receive() throws InterruptedException;

  /**
   * Receives a value, waiting until one is available or {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @return the value received
   * @throws ChannelClosedException if the channel is closed and no value is left
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done on entry or before a
   *     value arrives; nothing is taken
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
   * @throws NullPointerException if {@code ctx} is null
   */
  E receive(Context ctx) throws InterruptedException;

  /**
   * Receives a value or learns that the channel is closed, without an exception for closing.
   *
   * @return {@link ReceiveResult.Value} or {@link ReceiveResult.Closed}
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
   */
  ReceiveResult<E> receiveResult() throws InterruptedException;

  /**
   * Like {@link #receiveResult()}, but gives up when {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Closed}, or {@link
   *     ReceiveResult.Cancelled} when {@code ctx} was done first (checked on entry too)
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
   * @throws NullPointerException if {@code ctx} is null
   */
  ReceiveResult<E> receiveResult(Context ctx) throws InterruptedException;

  /**
   * Receives a value if one can be had without waiting: from the buffer, or from a sender
   * already waiting. Never blocks and does not fail spuriously.
   *
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Closed} (closed and drained), or
   *     {@link ReceiveResult.Empty}
   */
  ReceiveResult<E> tryReceive();

  /**
   * Receives a value, waiting at most {@code timeout}. A zero or negative timeout behaves like
   * {@link #tryReceive()} except that it reports {@link ReceiveResult.TimedOut}.
   *
   * @param timeout how long to wait at most
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Closed} or {@link
   *     ReceiveResult.TimedOut}
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
   * @throws NullPointerException if {@code timeout} is null
   */
  ReceiveResult<E> tryReceive(Duration timeout) throws InterruptedException;

  /**
   * The number of values buffered now (Go's {@code len(ch)}); a snapshot for monitoring.
   *
   * @return the number of values buffered now (Go's {@code len(ch)}); a snapshot for monitoring
   */
  int len();

  /**
   * The buffer capacity (Go's {@code cap(ch)}); 0 for a rendezvous channel.
   *
   * @return the buffer capacity (Go's {@code cap(ch)}); 0 for a rendezvous channel
   */
  int cap();

  /**
   * Whether this channel is closed and holds no more values: a receive would report closed.
   * A snapshot: a {@code false} may be stale by the time it is read.
   *
   * @return whether this channel is closed and holds no more values: a receive would report closed
   */
  boolean isClosedForReceive();

  /**
   * An iterator that receives until the channel is closed and drained. {@code hasNext()} blocks;
   * if the thread is interrupted it restores the interrupt status and throws {@link
   * UncheckedInterruptedException}. Not thread-safe: use one iterator per thread.
   */
  @Override
  Iterator<E> iterator();

  /**
   * A sequential stream of received values that ends when the channel is closed and drained.
   * Interrupts are handled as by {@link #iterator()}.
   *
   * @return a sequential stream of received values that ends when the channel is closed and drained
   */
  Stream<E> stream();
}
