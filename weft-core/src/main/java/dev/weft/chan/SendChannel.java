package dev.weft.chan;

import dev.weft.context.Context;
import java.time.Duration;

/**
 * The sending side of a {@link Channel} (Go's {@code chan<- E}).
 *
 * <p>Send comes as a family: {@link #send(Object)} blocks and throws when the channel is closed;
 * {@link #sendResult(Object)} blocks and reports closing as a {@link SendResult}; {@link
 * #trySend(Object)} never blocks; {@link #trySend(Object, Duration)} waits at most a timeout;
 * {@link #send(Object, Context)} and {@link #sendResult(Object, Context)} give up when a context
 * is done.
 *
 * <p>A send that did not complete (interrupted, timed out, cancelled, or refused because the
 * channel is closed) left nothing in the channel: the caller still owns the value. A send that
 * completed wins over an interrupt arriving at the same moment: it returns normally and the
 * interrupt status is left set.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before a send <i>happen-before</i>
 * actions in the thread that receives that value, after its receive.
 *
 * @param <E> element type; never {@code null}
 */
public sealed interface SendChannel<E> permits Channel {

  /**
   * Sends {@code value}, waiting until a receiver takes it (rendezvous) or buffer space frees.
   *
   * @param value the value to send
   * @throws ChannelClosedException if the channel is closed on entry or while waiting
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was sent
   * @throws NullPointerException if {@code value} is null
   */
  void send(E value) throws InterruptedException;

  /**
   * Like {@link #send(Object)}, but gives up when {@code ctx} is done.
   *
   * @param value the value to send
   * @param ctx the context; the call gives up when it is done
   * @throws ChannelClosedException if the channel is closed on entry or while waiting
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done on entry or before
   *     the value was taken; nothing was sent
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was sent
   * @throws NullPointerException if an argument is null
   */
  void send(E value, Context ctx) throws InterruptedException;

  /**
   * Sends {@code value}, reporting a closed channel as a result instead of an exception.
   *
   * @param value the value to send
   * @return {@link SendResult.Sent} or {@link SendResult.Closed}
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was sent
   * @throws NullPointerException if {@code value} is null
   */
  SendResult sendResult(E value) throws InterruptedException;

  /**
   * Like {@link #sendResult(Object)}, but gives up when {@code ctx} is done.
   *
   * @param value the value to send
   * @param ctx the context; the call gives up when it is done
   * @return {@link SendResult.Sent}, {@link SendResult.Closed} or {@link SendResult.Cancelled}
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was sent
   * @throws NullPointerException if an argument is null
   */
  SendResult sendResult(E value, Context ctx) throws InterruptedException;

  /**
   * Sends {@code value} if that needs no waiting: a receiver is waiting, or the buffer has room.
   * Never blocks and does not fail spuriously.
   *
   * @param value the value to send
   * @return {@link SendResult.Sent}, {@link SendResult.Closed} or {@link SendResult.Full}
   * @throws NullPointerException if {@code value} is null
   */
  SendResult trySend(E value);

  /**
   * Sends {@code value}, waiting at most {@code timeout}.
   *
   * @param value the value to send
   * @param timeout how long to wait at most
   * @return {@link SendResult.Sent}, {@link SendResult.Closed} or {@link SendResult.TimedOut}
   * @throws InterruptedException if interrupted on entry or while waiting; nothing was sent
   * @throws NullPointerException if an argument is null
   */
  SendResult trySend(E value, Duration timeout) throws InterruptedException;

  /**
   * Closes the channel: no more values may be sent. Values already buffered are still delivered;
   * after them receivers see "closed". Waiting senders fail with {@link ChannelClosedException}
   * (their values were not sent); waiting receivers of an empty channel see "closed".
   *
   * @throws IllegalStateException if the channel is already closed (Go panics likewise)
   */
  void close();

  /**
   * Whether {@link #close()} has been called.
   *
   * @return whether {@link #close()} has been called
   */
  boolean isClosedForSend();
}
