package dev.weft.flow.pubsub;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A publish/subscribe broker: messages published to a topic go to every subscriber of that topic,
 * each through its own bounded buffer with its own {@link OverflowPolicy}.
 *
 * <p><b>Mental model.</b> A subscriber is a buffer plus, for a <i>push</i> subscription, a virtual
 * thread that takes messages from the buffer and calls the handler, one at a time, in publication
 * order. A <i>pull</i> subscription exposes the buffer as a {@link
 * dev.weft.chan.ReceiveChannel}. {@link #publish} puts the message into the buffer of each current
 * subscriber of the topic. A slow subscriber only fills its own buffer; what happens then is its
 * policy: drop the new message, evict the oldest, disconnect the subscriber, or ({@link
 * OverflowPolicy#BLOCK}) make the publisher wait. So a slow subscriber never delays the others
 * unless its policy is BLOCK: a full BLOCK subscriber holds up every publisher of its topic, and
 * with them the messages for everyone else ({@link #tryPublish} never waits: it drops instead). A new broker has no topics; a topic exists while it has
 * subscribers.
 *
 * <pre>{@code
 * Broker<Event> broker = new Broker<>();
 * broker.subscribe("orders", SubscriberOptions.defaults().withOverflow(OverflowPolicy.DROP_OLDEST),
 *     event -> audit.write(event));
 * int got = broker.publish("orders", new Event(...));   // how many subscribers got it
 * broker.close();                                       // deliver what is buffered, then stop
 * }</pre>
 *
 * <p><b>Ordering.</b> Each subscriber sees the messages of one publisher in the order they were
 * published (minus the ones its policy dropped). Messages from concurrent publishers may be seen in
 * different orders by different subscribers.
 *
 * <p><b>Re-entrancy.</b> A handler may publish and subscribe. But a handler that publishes, with
 * {@link #publish}, to a topic where it (or a subscriber waiting on it) is a full BLOCK subscriber
 * waits for itself: a deadlock, as in Go. Publish from a handler only to topics whose subscribers
 * cannot block it.
 *
 * <p><b>Handler failure.</b> A handler that throws fails its own subscription only: the state
 * becomes {@link Subscription.State#FAILED}, {@link Subscription#failure()} holds the exception,
 * the messages still buffered for it are discarded, and the failure listener given to {@link
 * #Broker(BiConsumer)} (if any) is called on the subscriber's thread. Other subscribers are not
 * affected.
 *
 * <p><b>Closing.</b> {@link #close()} is graceful: publishing and subscribing are refused from then
 * on, publishers blocked on a full subscriber give up on it, every subscription ends as {@link
 * Subscription.State#CLOSED}, push subscribers deliver what is already in their buffers, and
 * {@code close} waits for their threads to return. {@link #closeNow()} is the hard form: it also
 * discards buffered messages and interrupts handlers. A closed broker cannot be reopened.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code publish} of a message
 * <i>happen-before</i> the handling of that message by a push subscriber, or its receipt from a pull
 * subscription's channel, in another thread. Actions of a handler happen-before {@link #close()}
 * returns normally.
 *
 * <p>All methods are thread-safe.
 *
 * @param <T> message type; never {@code null}
 */
public final class Broker<T> {

  /*
   * Implementation notes. topics maps a topic to a copy-on-write list of its active subscriptions:
   * publish iterates a snapshot without locking; subscribe, remove and close change the map under
   * `lock`, so that a subscribe racing with close either is refused or is seen (and closed) by it.
   * Invariant: a subscription is in `topics` only while ACTIVE (Subscription.end removes it) and
   * only while the broker is open.
   */

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, CopyOnWriteArrayList<Subscription<T>>> topics = new ConcurrentHashMap<>();
  private final List<Subscription<T>> all = new ArrayList<>(); // guarded by lock; push and pull
  private final BiConsumer<? super Subscription<T>, ? super Throwable> onFailure;
  private volatile boolean closed;

  /** A new open broker without topics; handler failures are only recorded in their subscription. */
  public Broker() {
    this.onFailure = null;
  }

  /**
   * A new open broker that also reports each handler failure to {@code onFailure}, called on the
   * failed subscriber's thread. If {@code onFailure} itself throws, that exception is added as
   * suppressed to the failure.
   *
   * @param onFailure what the subscription does when the handler throws
   * @throws NullPointerException if {@code onFailure} is null
   */
  public Broker(BiConsumer<? super Subscription<T>, ? super Throwable> onFailure) {
    this.onFailure = Objects.requireNonNull(onFailure, "Broker: onFailure is null");
  }

  /**
   * Subscribes {@code handler} to {@code topic}: a push subscription with its own virtual thread,
   * which receives the messages published from now on.
   *
   * @param topic the topic
   * @param options the subscription's buffer and overflow policy
   * @param handler called with each message, on the subscription's own thread
   * @return the new push subscription
   * @throws IllegalStateException if the broker is closed
   * @throws NullPointerException if an argument is null
   */
  public Subscription<T> subscribe(
      String topic, SubscriberOptions options, MessageHandler<? super T> handler) {
    Objects.requireNonNull(handler, "Broker: handler is null");
    return add(topic, options, handler);
  }

  /**
   * Subscribes to {@code topic} without a handler: a pull subscription whose {@link
   * Subscription#messages()} channel receives the messages published from now on. No thread is
   * started; the caller receives.
   *
   * @param topic the topic
   * @param options the subscription's buffer and overflow policy
   * @return the new pull subscription
   * @throws IllegalStateException if the broker is closed
   * @throws NullPointerException if an argument is null
   */
  public Subscription<T> subscribe(String topic, SubscriberOptions options) {
    return add(topic, options, null);
  }

  /**
   * Publishes {@code message} to every current subscriber of {@code topic}, according to each
   * one's overflow policy. Subscribers that never wait (every policy but BLOCK) are served first,
   * then BLOCK subscribers in subscription order; for each of these, this waits until it has room.
   * Returns at once with 0 if the topic has no subscribers.
   *
   * <p>Wakes (when waiting for a BLOCK subscriber) when it has room, when that subscription ends
   * (it is then skipped), or on interrupt. An interrupt leaves the message with the subscribers
   * already served; the others do not get it.
   *
   * @param topic the topic
   * @param message the message
   * @return how many subscribers took the message into their buffer (a DROP_OLDEST subscriber that
   *     evicted an older message counts; one that dropped this message or was disconnected by it
   *     does not)
   * @throws InterruptedException if interrupted on entry, or while waiting for a BLOCK subscriber
   * @throws IllegalStateException if the broker is closed
   * @throws NullPointerException if an argument is null
   */
  public int publish(String topic, T message) throws InterruptedException {
    return publish0(topic, message, null);
  }

  /**
   * Like {@link #publish(String, Object)}, but waits for BLOCK subscribers only until {@code ctx} is
   * done; the subscribers already served keep the message.
   *
   * @param topic the topic
   * @param message the message
   * @param ctx the context; the call gives up when it is done
   * @return the number of subscribers that received the message
   * @throws ContextCancelledException if {@code ctx} is done on entry (nobody gets the message) or
   *     while waiting for a BLOCK subscriber
   * @throws InterruptedException if interrupted on entry, or while waiting for a BLOCK subscriber
   * @throws IllegalStateException if the broker is closed
   * @throws NullPointerException if an argument is null
   */
  public int publish(String topic, T message, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Broker: context is null");
    return publish0(topic, message, ctx);
  }

  /**
   * Publishes {@code message} like {@link #publish(String, Object)} but never waits: a BLOCK
   * subscriber whose buffer is full does not get the message, which counts in its {@link
   * Subscription#dropped()}. For producers that must not stall (an event loop, a request handler).
   * Ignores the interrupt status.
   *
   * @param topic the topic
   * @param message the message
   * @return how many subscribers took the message into their buffer
   * @throws IllegalStateException if the broker is closed
   * @throws NullPointerException if an argument is null
   */
  public int tryPublish(String topic, T message) {
    Objects.requireNonNull(topic, "Broker: topic is null");
    Objects.requireNonNull(message, "Broker: message is null");
    if (closed) throw new IllegalStateException("Broker: closed");
    List<Subscription<T>> subs = topics.get(topic);
    if (subs == null) return 0;
    int n = 0;
    for (Subscription<T> s : subs) if (s.tryOffer(message)) n++;
    return n;
  }

  /**
   * The number of active subscriptions of {@code topic} now; a snapshot.
   *
   * @param topic the topic
   * @return the number of active subscriptions of {@code topic} now; a snapshot
   */
  public int subscriberCount(String topic) {
    Objects.requireNonNull(topic, "Broker: topic is null");
    List<Subscription<T>> subs = topics.get(topic);
    return subs == null ? 0 : subs.size();
  }

  /**
   * The topics that have active subscriptions now, sorted; a snapshot.
   *
   * @return the topics that have active subscriptions now, sorted; a snapshot
   */
  public Set<String> topics() {
    return new TreeSet<>(topics.keySet());
  }

  /**
   * Whether {@link #close()} or {@link #closeNow()} was called.
   *
   * @return whether {@link #close()} or {@link #closeNow()} was called
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes gracefully: refuses new publishes and subscriptions, ends every subscription as {@link
   * Subscription.State#CLOSED}, lets push subscribers deliver what they have buffered, and waits
   * for their threads to return. Publishers blocked on a BLOCK subscriber stop waiting for it. Pull
   * subscriptions' channels are closed; their buffered messages stay receivable. Idempotent.
   *
   * <p>Wakes when every subscriber thread has returned. If interrupted while waiting, it stops
   * waiting and returns with the interrupt status set (the subscribers keep draining); call
   * {@link #closeNow()} to stop them.
   */
  public void close() {
    List<Subscription<T>> subs = shutdown();
    for (Subscription<T> s : subs) s.end(Subscription.State.CLOSED);
    try {
      for (Subscription<T> s : subs) s.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes at once: like {@link #close()}, but every buffered message not yet handed to a handler
   * is discarded (counted in {@link Subscription#discarded()}) and handler threads are interrupted.
   * Waits for them to return, which takes as long as a handler that ignores interrupts needs.
   * Idempotent; may also follow {@link #close()}.
   *
   * <p>If interrupted while waiting, it stops waiting and returns with the interrupt status set.
   */
  public void closeNow() {
    List<Subscription<T>> subs = shutdown();
    for (Subscription<T> s : subs) s.abort();
    try {
      for (Subscription<T> s : subs) s.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits at most {@code timeout} for every subscription to terminate after a close.
   *
   * @param timeout how long to wait at most
   * @return whether all terminated
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Broker: timeout is null");
    long nanos = Math.max(0, TimeUnit.NANOSECONDS.convert(timeout));
    long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    for (Subscription<T> s : snapshotAll()) {
      if (!s.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every subscription has terminated after a close, or until {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done first (checked on entry too)
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public void awaitTermination(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Broker: context is null");
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx.isDone()) throw ContextHooks.cancelled(ctx);
    for (Subscription<T> s : snapshotAll()) s.awaitTermination(ctx);
  }

  @Override
  public String toString() {
    return "Broker[topics=" + topics.size() + (closed ? ", closed]" : "]");
  }

  // ---- implementation ----

  private Subscription<T> add(String topic, SubscriberOptions options, MessageHandler<? super T> h) {
    Objects.requireNonNull(topic, "Broker: topic is null");
    Objects.requireNonNull(options, "Broker: options is null");
    Subscription<T> s = new Subscription<>(this, topic, options, h);
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("Broker: closed");
      topics.computeIfAbsent(topic, k -> new CopyOnWriteArrayList<>()).add(s);
      all.removeIf(Subscription::isTerminated);
      all.add(s);
      s.start();
    } finally {
      lock.unlock();
    }
    return s;
  }

  private int publish0(String topic, T message, Context ctx) throws InterruptedException {
    Objects.requireNonNull(topic, "Broker: topic is null");
    Objects.requireNonNull(message, "Broker: message is null");
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw ContextHooks.cancelled(ctx);
    if (closed) throw new IllegalStateException("Broker: closed");
    List<Subscription<T>> subs = topics.get(topic);
    if (subs == null) return 0;
    Object[] snapshot = subs.toArray();
    int n = 0;
    boolean anyBlocking = false;
    for (Object o : snapshot) {
      Subscription<T> s = cast(o);
      if (s.nonBlocking()) {
        if (s.offer(message, null)) n++;
      } else {
        anyBlocking = true;
      }
    }
    if (anyBlocking) {
      for (Object o : snapshot) {
        Subscription<T> s = cast(o);
        if (!s.nonBlocking() && s.offer(message, ctx)) n++;
      }
    }
    return n;
  }

  /** Called by Subscription.end: leaves the topic (dropping the topic when it empties). */
  void remove(Subscription<T> s) {
    lock.lock();
    try {
      topics.computeIfPresent(s.topic(), (k, list) -> {
        list.remove(s);
        return list.isEmpty() ? null : list;
      });
    } finally {
      lock.unlock();
    }
  }

  /** Called on the subscriber's thread after its handler threw. */
  @SuppressWarnings("ReferenceEquality") // the listener may rethrow the very failure it was given
  void reportFailure(Subscription<T> s, Throwable t) {
    if (onFailure == null) return;
    try {
      onFailure.accept(s, t);
    } catch (RuntimeException | Error e) {
      if (e != t) t.addSuppressed(e);
    }
  }

  private List<Subscription<T>> shutdown() {
    lock.lock();
    try {
      closed = true;
      return new ArrayList<>(all);
    } finally {
      lock.unlock();
    }
  }

  private List<Subscription<T>> snapshotAll() {
    lock.lock();
    try {
      return new ArrayList<>(all);
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private Subscription<T> cast(Object o) {
    return (Subscription<T>) o;
  }

}
