package dev.weft.flow.pubsub;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.SendResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's membership of a {@link Broker} topic: its buffer, its overflow policy, its
 * counters and, for a push subscription, the virtual thread that runs its handler.
 *
 * <p><b>Life cycle.</b> A subscription starts {@link State#ACTIVE} and ends exactly once, in the
 * state that says why: {@link State#UNSUBSCRIBED}, {@link State#DISCONNECTED}, {@link
 * State#FAILED} or {@link State#CLOSED}. Once it has ended it gets no new messages; messages
 * already buffered are still delivered (push) or can still be received (pull), except after a
 * failure or {@link Broker#closeNow()}, which discard them (counted in {@link #discarded()}). A
 * subscription has <i>terminated</i> when it has ended and its buffer is drained: its handler
 * thread has returned (push), or its channel is closed (pull). An ended subscription cannot be
 * reactivated; subscribe again instead.
 *
 * <p><b>Counters</b> are exact once the subscription has terminated and are snapshots before:
 * {@link #dropped()} counts messages lost to the overflow policy, {@link #delivered()} counts
 * messages its handler returned from normally (push) or that were received from {@link #messages()}
 * (pull), {@link #discarded()} counts buffered messages thrown away at a failure or a hard close.
 *
 * <p>All methods are thread-safe.
 *
 * @param <T> message type
 */
public final class Subscription<T> {

  /** Whether a subscription still receives messages, and if not, why. */
  public enum State {
    /** Receiving messages. */
    ACTIVE,
    /** Ended by {@link Subscription#unsubscribe()}. */
    UNSUBSCRIBED,
    /** Ended because its buffer was full under {@link OverflowPolicy#DISCONNECT}. */
    DISCONNECTED,
    /** Ended because its handler threw; see {@link Subscription#failure()}. */
    FAILED,
    /** Ended because the broker was closed. */
    CLOSED
  }

  /*
   * Implementation notes. The buffer is a weft Channel of capacity bufferSize. BLOCK publishers
   * use its blocking send (so interrupt, context and close behave as for channels); the other
   * policies use trySend under offerLock, which serialises the "full? then evict/drop" decision
   * between publishers (the lock is never held while waiting). The state moves from ACTIVE to an
   * end state once, by CAS in end(); only that winner closes the channel, which wakes blocked BLOCK
   * publishers (they see Closed and do not count the message) and lets the consumer drain and
   * stop. `abort` (failure, closeNow) makes the push thread discard instead of handle.
   */

  private final Broker<T> broker;
  private final String topic;
  private final SubscriberOptions options;
  private final MessageHandler<? super T> handler; // null for a pull subscription
  private final Channel<T> buffer;
  private final ReentrantLock offerLock = new ReentrantLock();
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final Channel<Void> terminated = Channel.unbuffered(); // closed on termination
  private volatile Throwable failure;
  private volatile boolean abort;
  private volatile Thread thread;

  Subscription(
      Broker<T> broker, String topic, SubscriberOptions options, MessageHandler<? super T> handler) {
    this.broker = broker;
    this.topic = topic;
    this.options = options;
    this.handler = handler;
    this.buffer = Channel.buffered(options.bufferSize());
  }

  /**
   * The topic subscribed to.
   *
   * @return the topic subscribed to
   */
  public String topic() {
    return topic;
  }

  /**
   * The buffer size and overflow policy.
   *
   * @return the buffer size and overflow policy
   */
  public SubscriberOptions options() {
    return options;
  }

  /**
   * The current state; {@link State#ACTIVE} until the subscription ends.
   *
   * @return the current state; {@link State#ACTIVE} until the subscription ends
   */
  public State state() {
    return state.get();
  }

  /**
   * What the handler threw: present once the state is {@link State#FAILED}, and also when the
   * handler threw while draining a subscription that had already ended for another reason.
   *
   * @return what the handler threw: present once the state is {@link State#FAILED}, and also when
   *     the handler threw while draining a subscription that had already ended for another reason
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Messages lost to the overflow policy (rejected, evicted, or the one that disconnected it), and
   * for a BLOCK subscriber the messages {@link Broker#tryPublish} could not give it.
   *
   * @return messages lost to the overflow policy (rejected, evicted, or the one that disconnected
   *     it), and for a BLOCK subscriber the messages {@link Broker#tryPublish} could not give it
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Messages delivered: for a push subscription, handler calls that returned normally; for a pull
   * subscription, messages received from {@link #messages()} (computed from the buffer's length,
   * so exact only when nobody is publishing or receiving).
   *
   * @return messages delivered: for a push subscription, handler calls that returned normally; for
   *     a pull subscription, messages received from {@link #messages()} (computed from the buffer's
   *     length, so exact only when nobody is publishing or receiving)
   */
  public long delivered() {
    if (handler != null) return handled.get();
    return Math.max(0, enqueued.get() - evicted.get() - discarded.get() - buffer.len());
  }

  /**
   * Buffered messages thrown away at a handler failure or by {@link Broker#closeNow()}.
   *
   * @return buffered messages thrown away at a handler failure or by {@link Broker#closeNow()}
   */
  public long discarded() {
    return discarded.get();
  }

  /**
   * Messages waiting in this subscription's buffer now; a snapshot.
   *
   * @return messages waiting in this subscription's buffer now; a snapshot
   */
  public int buffered() {
    return buffer.len();
  }

  /**
   * The messages of a pull subscription. The channel is closed when the subscription ends; the
   * messages buffered by then can still be received.
   *
   * @return the messages of a pull subscription
   * @throws IllegalStateException if this is a push subscription (it has a handler)
   */
  public ReceiveChannel<T> messages() {
    if (handler != null) {
      throw new IllegalStateException("Subscription: a push subscription has no messages channel");
    }
    return buffer;
  }

  /**
   * Ends the subscription: it gets no new messages, and a publisher blocked on it (policy {@link
   * OverflowPolicy#BLOCK}) stops waiting and does not count it. Messages already buffered are
   * still delivered. Does not wait for that; see {@link #awaitTermination()}. Never blocks.
   *
   * @return {@code true} if this call ended an active subscription
   */
  public boolean unsubscribe() {
    return end(State.UNSUBSCRIBED);
  }

  /**
   * Waits until the subscription has terminated (ended and drained; for push, its thread has
   * returned).
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void awaitTermination() throws InterruptedException {
    terminated.receiveResult();
  }

  /**
   * Waits until the subscription has terminated or {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done first (checked on entry too)
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public void awaitTermination(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Subscription: context is null");
    if (terminated.receiveResult(ctx) instanceof ReceiveResult.Cancelled<Void>) {
      throw ContextHooks.cancelled(ctx);
    }
  }

  /**
   * Waits at most {@code timeout} for the subscription to terminate.
   *
   * @param timeout how long to wait at most
   * @return whether it terminated
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Subscription: timeout is null");
    return terminated.tryReceive(timeout).isClosed();
  }

  /**
   * A channel that is closed when the subscription has terminated; nothing is ever sent on it. For
   * use in a {@link dev.weft.chan.Select}.
   *
   * @return a channel that is closed when the subscription has terminated; nothing is ever sent on
   *     it
   */
  public ReceiveChannel<Void> terminated() {
    return terminated;
  }

  @Override
  public String toString() {
    return "Subscription[topic=" + topic + ", " + state.get() + ", " + options.overflow()
        + ", dropped=" + dropped.get() + "]";
  }

  // ---- used by Broker ----

  /** Starts the handler thread of a push subscription. */
  void start() {
    if (handler != null) thread = ThreadRegistry.start("subscriber-" + topic, this::deliverLoop);
  }

  /** Whether offering never waits (every policy but BLOCK). */
  boolean nonBlocking() {
    return options.overflow() != OverflowPolicy.BLOCK;
  }

  /**
   * Offers {@code msg} according to the overflow policy.
   *
   * @param ctx for BLOCK: the context to give up on, or null
   * @return whether the message entered the buffer
   * @throws InterruptedException BLOCK only, when interrupted while waiting for room
   */
  boolean offer(T msg, Context ctx) throws InterruptedException {
    if (options.overflow() == OverflowPolicy.BLOCK) {
      SendResult r = ctx == null ? buffer.sendResult(msg) : buffer.sendResult(msg, ctx);
      return switch (r) {
        case SendResult.Sent s -> {
          enqueued.incrementAndGet();
          yield true;
        }
        case SendResult.Cancelled c -> throw ContextHooks.cancelled(ctx);
        default -> false; // Closed: the subscription ended while we waited
      };
    }
    boolean disconnect = false;
    offerLock.lock();
    try {
      while (true) {
        SendResult r = buffer.trySend(msg);
        if (r instanceof SendResult.Sent) {
          enqueued.incrementAndGet();
          return true;
        }
        if (!(r instanceof SendResult.Full)) return false; // closed
        if (options.overflow() == OverflowPolicy.DROP_OLDEST) {
          if (buffer.tryReceive() instanceof ReceiveResult.Value<T>) {
            evicted.incrementAndGet();
            dropped.incrementAndGet();
          }
          continue; // publishers are serialised by offerLock, so there is room now unless closed
        }
        dropped.incrementAndGet();
        disconnect = options.overflow() == OverflowPolicy.DISCONNECT;
        break;
      }
    } finally {
      offerLock.unlock();
    }
    if (disconnect) end(State.DISCONNECTED);
    return false;
  }

  /**
   * Offers {@code msg} without waiting: as {@link #offer} for the dropping policies; for BLOCK, a
   * full buffer drops the message (counted).
   *
   * @return whether the message entered the buffer
   */
  boolean tryOffer(T msg) {
    if (options.overflow() != OverflowPolicy.BLOCK) {
      try {
        return offer(msg, null);
      } catch (InterruptedException e) {
        throw new AssertionError("non-blocking offer waited", e);
      }
    }
    SendResult r = buffer.trySend(msg);
    if (r instanceof SendResult.Sent) {
      enqueued.incrementAndGet();
      return true;
    }
    if (r instanceof SendResult.Full) dropped.incrementAndGet();
    return false;
  }

  /**
   * Moves from ACTIVE to {@code to} (once), leaves the topic, closes the buffer.
   *
   * @return whether this call ended the subscription
   */
  boolean end(State to) {
    if (!state.compareAndSet(State.ACTIVE, to)) return false;
    broker.remove(this);
    buffer.close();
    if (handler == null) terminated.close(); // pull: the consumer drains the closed channel
    return true;
  }

  /** Hard stop: ends (as CLOSED) if active, then makes the handler thread discard and stop. */
  void abort() {
    end(State.CLOSED);
    abort = true;
    Thread t = thread;
    if (t != null) t.interrupt();
    if (handler == null) discardBuffered();
  }

  /** Whether it has ended and drained (see the class comment). */
  boolean isTerminated() {
    return terminated.isClosedForReceive();
  }

  // ---- the push subscriber's thread ----

  private void deliverLoop() {
    try {
      while (!abort) {
        ReceiveResult<T> r;
        try {
          r = buffer.receiveResult();
        } catch (InterruptedException e) {
          break; // only closeNow interrupts this thread, after setting abort
        }
        if (!(r instanceof ReceiveResult.Value<T>(T msg))) break; // ended and drained
        if (abort) {
          discarded.incrementAndGet();
          break;
        }
        try {
          handler.handle(msg);
          handled.incrementAndGet();
        } catch (Throwable t) {
          if (abort) break; // interrupted by closeNow: not a failure of the handler
          failure = t; // before the state becomes FAILED, so that FAILED implies a failure
          end(State.FAILED);
          abort = true;
          broker.reportFailure(this, t);
          break;
        }
      }
    } finally {
      Thread.interrupted(); // a closeNow interrupt must not leak into discardBuffered's bookkeeping
      discardBuffered();
      terminated.close();
    }
  }

  private void discardBuffered() {
    while (buffer.tryReceive() instanceof ReceiveResult.Value<T>) discarded.incrementAndGet();
  }
}
