package dev.weft.chan;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits on several channel operations and performs exactly one of them: Go's {@code select}.
 *
 * <pre>{@code
 * String what = new Select<String>()
 *     .onReceive(jobs, job -> "job " + job)
 *     .onSend(acks, ack, () -> "acked")
 *     .onDone(ctx, () -> "cancelled")
 *     .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *     .select();
 * }</pre>
 *
 * <p><b>Clauses.</b> {@link #onReceive} and {@link #onReceiveResult} receive; {@link #onSend}
 * sends; {@link #onDone} fires when a context is done; {@link #onTimeout} fires when no other
 * clause could complete within the timeout (the waiting thread parks with a deadline: no extra
 * thread, no timer); {@link #orElse} is Go's {@code default}: it fires at once if no other clause
 * is ready. A clause on {@link Channel#nil()} never fires (Go's nil channel: how a clause is
 * disabled). The same channel may appear in several clauses. A select with no clause that can
 * fire blocks until interrupted, like Go's {@code select {}}.
 *
 * <p><b>Dynamic select.</b> {@link #onReceiveAny} adds one receive clause per channel of a list
 * whose size is known only at run time, and tells its handler which channel fired (Go's {@code
 * reflect.Select}). Clauses are numbered from 0 in the order they were added (a timeout and a
 * default are not clauses); {@link #disable(int)} turns a clause off without rebuilding the select
 * and {@link #enable(int)} turns it back on: Go's {@code ch = nil} in a {@code for}-{@code select}
 * loop, where a merge stops listening to an input once it is closed:
 *
 * <pre>{@code
 * Select<Void> merge = new Select<>();
 * merge.onReceiveAny(inputs, c -> {
 *   switch (c.result()) {
 *     case ReceiveResult.Value<String> v -> merged.add(v.value());
 *     default -> merge.disable(c.clause());   // closed: stop selecting on it
 *   }
 *   return null;
 * });
 * while (merge.enabledCount() > 0) merge.select();
 * }</pre>
 *
 * <p><b>Fairness.</b> When several clauses are ready, one is chosen uniformly at random (Go's
 * rule), so no clause starves. {@link #biased()} makes the first ready clause in the order they
 * were added win instead, for strict priorities.
 *
 * <p><b>Interruption.</b> {@link #select()} throws {@link InterruptedException} if the thread is
 * interrupted on entry or while waiting; then no clause fired and no channel changed. A clause
 * that completed at the same moment wins: its handler runs and the interrupt status stays set.
 *
 * <p><b>Closing.</b> A receive clause on a closed, drained channel is ready: {@link #onReceive}
 * then throws {@link ChannelClosedException} from {@code select()}, {@link #onReceiveResult}
 * passes {@link ReceiveResult.Closed} to its handler. A send clause on a closed channel throws
 * {@link ChannelClosedException}, like Go's panic.
 *
 * <p><b>Reuse.</b> A {@code Select} is a description of clauses; {@link #select()} may be called
 * again, on the same thread, as in a Go {@code for { select { ... } }} loop. It is not
 * thread-safe: build one per thread. Handlers run on the selecting thread after all channel locks
 * are released; whatever a handler returns or throws, {@code select()} returns or throws.
 *
 * <p><b>Memory consistency effects:</b> as for the channel operation of the chosen clause.
 *
 * @param <R> what the handlers return
 */
public final class Select<R> {

  private static final int RECEIVE = 0;
  private static final int RECEIVE_RESULT = 1;
  private static final int SEND = 2;
  private static final int DONE = 3;

  /**
   * One clause. {@code channel} is what the select waits on: null for a nil channel and while the
   * clause is disabled; {@code target} is the clause's channel, kept for {@link #enable}.
   */
  private record Clause(int kind, ChannelImpl<?> channel, Object value, Object handler, ChannelImpl<?> target) {
    Clause withChannel(ChannelImpl<?> c) {
      return new Clause(kind, c, value, handler, target);
    }
  }

  private final List<Clause> clauses = new ArrayList<>();
  private Supplier<? extends R> orElse;
  private Duration timeout;
  private Supplier<? extends R> onTimeout;
  private boolean biased;
  private ChannelImpl<?>[] lockOrder; // distinct channels by id; rebuilt after a clause is added
  private boolean anyBuffered; // whether lockOrder has a buffered channel; set with it
  private Object looked; // the value received by the last look(), until takeLooked()
  private int[] order; // the poll order, reshuffled by each select()
  // The waiter and its nodes, reused by the next select() on the same thread (a for-select loop
  // allocates nothing per round). Safe because when select() returns none of its nodes is queued
  // or referenced: the winner was unlinked by its completer, the others were dequeued under their
  // channels' locks, and completers (including close) touch nodes only under those locks.
  private ChanWaiter waiter;
  private WaitNode[] nodes;

  /** A new select with no clauses, fair. */
  public Select() {}

  /**
   * Adds a receive clause; {@code handler} gets the value. If {@code channel} is closed and drained
   * when this clause is chosen, {@link #select()} throws {@link ChannelClosedException}.
   *
   * @param <E> the type of the elements
   * @param channel the channel
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws NullPointerException if an argument is null
   */
  public <E> Select<R> onReceive(ReceiveChannel<E> channel, Function<? super E, ? extends R> handler) {
    return add(RECEIVE, channel, null, Objects.requireNonNull(handler, "Select: handler is null"));
  }

  /**
   * Adds a receive clause whose handler gets {@link ReceiveResult.Value} or {@link
   * ReceiveResult.Closed} (Go's {@code case v, ok := <-ch}).
   *
   * @param <E> the type of the elements
   * @param channel the channel
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws NullPointerException if an argument is null
   */
  public <E> Select<R> onReceiveResult(
      ReceiveChannel<E> channel, Function<? super ReceiveResult<E>, ? extends R> handler) {
    return add(RECEIVE_RESULT, channel, null, Objects.requireNonNull(handler, "Select: handler is null"));
  }

  /**
   * Adds one receive clause per channel of {@code channels}, in list order (Go's {@code
   * reflect.Select} over a slice of receive cases). When one of them is chosen, {@code handler} gets
   * a {@link Chosen} naming the channel's position in the list, the clause's number (for {@link
   * #disable(int)}) and what was received: {@link ReceiveResult.Value} or {@link
   * ReceiveResult.Closed}, like {@link #onReceiveResult}. An empty list adds nothing. The list is
   * copied: changing it later does not change the select.
   *
   * @param <E> the type of the elements
   * @param channels the channels, any number of them; {@link Channel#nil()} adds a clause that
   *     never fires
   * @param handler computes the select's result when one of these clauses is chosen
   * @return this select
   * @throws NullPointerException if an argument or an element of {@code channels} is null
   */
  public <E> Select<R> onReceiveAny(
      List<? extends ReceiveChannel<? extends E>> channels,
      Function<? super Chosen<E>, ? extends R> handler) {
    Objects.requireNonNull(channels, "Select: channels is null");
    Objects.requireNonNull(handler, "Select: handler is null");
    List<? extends ReceiveChannel<? extends E>> copy = List.copyOf(channels); // rejects nulls first
    int first = clauses.size();
    for (int i = 0; i < copy.size(); i++) {
      int index = i;
      int clause = first + i;
      Function<ReceiveResult<E>, R> h = r -> handler.apply(new Chosen<>(index, clause, r));
      add(RECEIVE_RESULT, copy.get(i), null, h);
    }
    return this;
  }

  /**
   * Turns clause {@code clause} off: until {@link #enable(int)}, it never fires, as if its channel
   * were {@link Channel#nil()} (Go's {@code ch = nil}). Disabling a disabled clause does nothing.
   * Like every other method here, call it from the selecting thread, between two {@link #select()}
   * calls or from a handler.
   *
   * @param clause the clause's number: 0 for the first clause added
   * @return this select
   * @throws IllegalArgumentException if there is no such clause
   */
  public Select<R> disable(int clause) {
    Clause c = clause(clause);
    if (c.channel != null) setChannel(clause, c, null);
    return this;
  }

  /**
   * Turns a clause disabled by {@link #disable(int)} back on. Enabling an enabled clause does
   * nothing; a clause on {@link Channel#nil()} stays one that never fires.
   *
   * @param clause the clause's number: 0 for the first clause added
   * @return this select
   * @throws IllegalArgumentException if there is no such clause
   */
  public Select<R> enable(int clause) {
    Clause c = clause(clause);
    if (c.channel != c.target) setChannel(clause, c, c.target);
    return this;
  }

  /**
   * Whether clause {@code clause} is enabled, that is not turned off by {@link #disable(int)}. A
   * clause on {@link Channel#nil()} counts as enabled (though it never fires).
   *
   * @param clause the clause's number: 0 for the first clause added
   * @return whether the clause is enabled
   * @throws IllegalArgumentException if there is no such clause
   */
  public boolean isEnabled(int clause) {
    Clause c = clause(clause);
    return c.channel == c.target;
  }

  /**
   * The number of clauses added so far (a timeout and a default are not clauses): the number the
   * next clause will get.
   *
   * @return the number of clauses added so far
   */
  public int clauseCount() {
    return clauses.size();
  }

  /**
   * The number of clauses not turned off by {@link #disable(int)}: a loop merging inputs runs
   * while it is positive.
   *
   * @return the number of enabled clauses
   */
  public int enabledCount() {
    int n = 0;
    for (Clause c : clauses) if (c.channel == c.target) n++;
    return n;
  }

  private Clause clause(int clause) {
    if (clause < 0 || clause >= clauses.size()) {
      throw new IllegalArgumentException(
          "Select: no clause " + clause + " (clauses: " + clauses.size() + ")");
    }
    return clauses.get(clause);
  }

  private void setChannel(int clause, Clause c, ChannelImpl<?> channel) {
    clauses.set(clause, c.withChannel(channel));
    lockOrder = null; // the channels to lock changed; the nodes are made per enabled clause
    nodes = null;
  }

  /**
   * Adds a clause sending {@code value}; {@code handler} runs after it was sent. If {@code channel}
   * is closed when this clause is chosen, {@link #select()} throws {@link ChannelClosedException}.
   *
   * @param <E> the type of the elements
   * @param channel the channel
   * @param value the value to send
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws NullPointerException if an argument is null
   */
  public <E> Select<R> onSend(SendChannel<E> channel, E value, Supplier<? extends R> handler) {
    Objects.requireNonNull(value, "Select: value is null");
    return add(SEND, channel, value, Objects.requireNonNull(handler, "Select: handler is null"));
  }

  /**
   * Adds a clause that fires when {@code ctx} is done (Go's {@code case <-ctx.Done()}). For a
   * context that can never be done the clause never fires.
   *
   * @param ctx the context to watch
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws NullPointerException if an argument is null
   */
  public Select<R> onDone(Context ctx, Supplier<? extends R> handler) {
    Objects.requireNonNull(ctx, "Select: context is null");
    return add(DONE, ctx.done(), null, Objects.requireNonNull(handler, "Select: handler is null"));
  }

  /**
   * Adds a clause that fires if no other clause completes within {@code timeout}, measured from
   * each call of {@link #select()}. A zero or negative timeout fires at once when nothing is ready.
   *
   * @param timeout how long to wait before this case is chosen
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws IllegalStateException if a timeout clause was already added
   * @throws NullPointerException if an argument is null
   */
  public Select<R> onTimeout(Duration timeout, Supplier<? extends R> handler) {
    Objects.requireNonNull(timeout, "Select: timeout is null");
    Objects.requireNonNull(handler, "Select: handler is null");
    if (this.timeout != null) throw new IllegalStateException("Select: timeout clause already added");
    this.timeout = timeout;
    this.onTimeout = handler;
    return this;
  }

  /**
   * Adds Go's {@code default} clause: {@link #select()} never blocks and runs {@code handler} when
   * no other clause is ready.
   *
   * @param handler computes the select's result when this case is chosen
   * @return this select
   * @throws IllegalStateException if a default clause was already added
   * @throws NullPointerException if {@code handler} is null
   */
  public Select<R> orElse(Supplier<? extends R> handler) {
    Objects.requireNonNull(handler, "Select: handler is null");
    if (orElse != null) throw new IllegalStateException("Select: default clause already added");
    orElse = handler;
    return this;
  }

  /**
   * Makes the first ready clause, in the order added, win instead of a random one.
   *
   * @return this select
   */
  public Select<R> biased() {
    biased = true;
    return this;
  }

  private Select<R> add(int kind, Object channel, Object value, Object handler) {
    Objects.requireNonNull(channel, "Select: channel is null");
    ChannelImpl<?> impl = channel instanceof ChannelImpl<?> c ? c : null; // null: nil channel
    clauses.add(new Clause(kind, impl, value, handler, impl));
    lockOrder = null;
    order = null;
    nodes = null;
    return this;
  }

  /**
   * Performs one ready clause, waiting if none is ready (unless there is a default clause).
   *
   * @return what the chosen clause's handler returned
   * @throws InterruptedException if interrupted on entry or while waiting; no clause fired
   * @throws ChannelClosedException if the chosen clause is a send on a closed channel, or an
   *     {@link #onReceive} on a closed and drained channel
   */
  public R select() throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    int n = clauses.size();
    ChannelImpl<?>[] locks = lockOrder();
    long nanos = timeout == null ? 0 : Timeouts.nanos(timeout);
    boolean mayWait = orElse == null && (timeout == null || nanos > 0);
    long deadline = 0;
    int woke = -1; // the clause whose buffered channel woke this select to look again
    int[] order = pollOrder(n, -1);
    if (!biased && (locks.length > 1 || anyBuffered)) {
      // The first look, one channel at a time: a fair select may fire whichever ready clause it
      // finds first, so it needs no instant at which it holds every lock. A ready clause then costs
      // one lock (none on a buffered channel with nobody to wake) instead of all of them. When
      // nothing is ready, the look below, under all the locks, decides (and a default or a zero
      // timeout fires only if nothing was ready at that one instant).
      for (int idx : order) {
        Clause c = clauses.get(idx);
        if (c.channel == null) continue;
        int r = look(c, false);
        if (r != ChannelImpl.WOULD_BLOCK) return fire(c, r, takeLooked());
      }
    }
    for (; ; ) {
      if (woke >= 0) order = pollOrder(n, woke);
      lockAll(locks);
      if (mayWait) register(true); // before the look at the buffers: see ChannelImpl's notes
      for (int idx : order) {
        Clause c = clauses.get(idx);
        if (c.channel == null) continue;
        int r = look(c, true);
        if (r != ChannelImpl.WOULD_BLOCK) {
          Object v = takeLooked();
          if (mayWait) register(false);
          if (woke >= 0) passWake(woke);
          Thread wake = c.channel.takeWake();
          Thread wake2 = c.channel.takeWake();
          Thread wake3 = woke >= 0 ? clauses.get(woke).channel.takeWake() : null;
          unlockAll(locks);
          ChannelImpl.unpark(wake);
          ChannelImpl.unpark(wake2);
          ChannelImpl.unpark(wake3);
          return fire(c, r, v);
        }
      }
      if (!mayWait) {
        unlockAll(locks);
        return orElse != null ? orElse.get() : onTimeout.get();
      }
      WaitNode[] nodes = waitNodes(n);
      ChanWaiter w = waiter;
      w.reset();
      for (int idx : order) {
        Clause c = clauses.get(idx);
        if (c.channel == null) continue;
        WaitNode node = nodes[idx];
        node.item = c.value;
        node.closed = false;
        node.retry = false;
        queue(c).add(node);
      }
      Thread wake = null;
      if (woke >= 0) {
        passWake(woke);
        wake = clauses.get(woke).channel.takeWake();
      }
      unlockAll(locks);
      ChannelImpl.unpark(wake);

      if (deadline == 0 && timeout != null) deadline = Timeouts.deadline(nanos);
      WaitNode won = awaitWinner(w, nodes, deadline, !anyBuffered);
      if (won == null) return onTimeout.get();
      Object item = won.item;
      won.item = null; // the node is reused: keep no reference to the value
      if (!won.retry) {
        return fire(clauses.get(won.clause), won.closed ? ChannelImpl.CLOSED : ChannelImpl.OK, item);
      }
      // A buffered channel gained a value or a free slot (or was closed): look again, at that
      // clause first. Any interrupt, deadline or context is seen if nothing is ready.
      woke = won.clause;
    }
  }

  /**
   * Tries clause {@code c} without waiting: with its channel's lock held ({@code locked}, the look
   * under every lock) or on its own (the first look, which takes the lock itself if it needs it).
   * A received value is left in {@link #looked} for {@link #takeLooked()}.
   *
   * @return OK, CLOSED or WOULD_BLOCK
   */
  private int look(Clause c, boolean locked) {
    if (c.kind == SEND) {
      return locked ? c.channel.trySendLocked(c.value) : c.channel.trySendNow(c.value);
    }
    Object v = locked ? c.channel.tryReceiveLocked() : c.channel.tryReceiveNow();
    if (v == ChannelImpl.WOULD_BLOCK_MARK) return ChannelImpl.WOULD_BLOCK;
    if (v == ChannelImpl.CLOSED_MARK) return ChannelImpl.CLOSED;
    looked = v;
    return ChannelImpl.OK;
  }

  /** The value the last {@link #look} received, or null; clears it (no reference is kept). */
  private Object takeLooked() {
    Object v = looked;
    looked = null;
    return v;
  }

  /**
   * Parks until waiter {@code w}, queued through {@code nodes}, is decided, and dequeues the nodes
   * that did not win.
   *
   * @return the winning node, or {@code null} if the deadline passed first (the waiter cancelled
   *     itself)
   * @throws InterruptedException if interrupted first (the waiter cancelled itself)
   */
  private WaitNode awaitWinner(ChanWaiter w, WaitNode[] nodes, long deadline, boolean rendezvous)
      throws InterruptedException {
    if (rendezvous && !Spin.crowded()) Spin.awaitDecided(w);
    boolean counted = false; // in Spin's count of parked rendezvous waiters
    try {
      while (w.state() == null) {
        if (Thread.interrupted()) {
          if (w.tryCancel()) {
            dequeue(nodes, null);
            throw new InterruptedException();
          }
          Thread.currentThread().interrupt();
          break;
        }
        long left = 0; // untimed
        if (deadline != 0) {
          left = deadline - System.nanoTime();
          if (left <= 0) {
            if (w.tryCancel()) {
              dequeue(nodes, null);
              return null;
            }
            break;
          }
        }
        counted = Spin.park(this, left, rendezvous, counted);
      }
    } finally {
      if (counted) Spin.unparked();
    }
    WaitNode won = (WaitNode) w.state();
    dequeue(nodes, won);
    return won;
  }

  private WaitQueue queue(Clause c) {
    return c.kind == SEND ? c.channel.sendq : c.channel.recvq;
  }

  /** With the locks held: registers (or withdraws) a waiter on every clause's queue. */
  private void register(boolean on) {
    for (Clause c : clauses) {
      if (c.channel == null) continue;
      if (on) queue(c).register();
      else queue(c).unregister();
    }
  }

  /**
   * With the locks held, after a select woken through {@code clause}'s buffered channel has looked
   * again: hands that queue's baton on (see {@code ChannelImpl.passWakeLocked}), so that the value
   * or free slot it was woken for, if it fired another clause or lost it, wakes the next waiter.
   */
  private void passWake(int clause) {
    Clause c = clauses.get(clause);
    c.channel.passWakeLocked(queue(c));
  }

  /** This thread's wait nodes, one per clause (null for nil channels), made on first use. */
  private WaitNode[] waitNodes(int n) {
    WaitNode[] ns = nodes;
    Thread me = Thread.currentThread();
    if (ns == null || waiter.thread != me) {
      ChanWaiter w = new ChanWaiter(me);
      ns = new WaitNode[n];
      for (int i = 0; i < n; i++) {
        if (clauses.get(i).channel != null) ns[i] = new WaitNode(w, i, null);
      }
      waiter = w;
      nodes = ns;
    }
    return ns;
  }

  @SuppressWarnings("unchecked")
  private R fire(Clause c, int r, Object v) {
    boolean closed = r == ChannelImpl.CLOSED;
    return switch (c.kind) {
      case RECEIVE -> {
        if (closed) throw ChannelImpl.closedForReceive();
        yield ((Function<Object, ? extends R>) c.handler).apply(v);
      }
      case RECEIVE_RESULT ->
          ((Function<ReceiveResult<Object>, ? extends R>) c.handler)
              .apply(closed ? Results.closed() : new ReceiveResult.Value<>(v));
      case SEND -> {
        if (closed) throw ChannelImpl.closedForSend();
        yield ((Supplier<? extends R>) c.handler).get();
      }
      case DONE -> ((Supplier<? extends R>) c.handler).get();
      default -> throw new AssertionError(c.kind);
    };
  }

  /** The order to look at the clauses: random unless biased; a fair select looks at {@code first} first. */
  private int[] pollOrder(int n, int first) {
    int[] order = this.order;
    if (order == null) order = this.order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    if (!biased && n > 1) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      if (first >= 0) {
        for (int i = 0; i < n; i++) {
          if (order[i] == first) {
            order[i] = order[0];
            order[0] = first;
            break;
          }
        }
      }
    }
    return order;
  }

  private ChannelImpl<?>[] lockOrder() {
    ChannelImpl<?>[] l = lockOrder;
    if (l == null) {
      l =
          clauses.stream()
              .map(Clause::channel)
              .filter(Objects::nonNull)
              .distinct()
              .sorted(Comparator.comparingLong(c -> c.id))
              .toArray(ChannelImpl<?>[]::new);
      anyBuffered = anyBuffered(l);
      lockOrder = l;
    }
    return l;
  }

  private static boolean anyBuffered(ChannelImpl<?>[] channels) {
    for (ChannelImpl<?> c : channels) if (c.cap() != 0) return true;
    return false;
  }

  private static void lockAll(ChannelImpl<?>[] locks) {
    for (ChannelImpl<?> c : locks) c.lock.lock();
  }

  private static void unlockAll(ChannelImpl<?>[] locks) {
    for (int i = locks.length - 1; i >= 0; i--) locks[i].lock.unlock();
  }

  /**
   * Removes this select's nodes still queued after it was completed or cancelled. The winning node
   * was already unlinked by the thread that completed it, so a one-clause select takes no lock
   * here. Each channel is locked on its own (one lock held at a time, so no lock order is needed).
   */
  private void dequeue(WaitNode[] nodes, WaitNode won) {
    for (int i = 0; i < nodes.length; i++) {
      WaitNode node = nodes[i];
      if (node == null || node == won) continue;
      Clause c = clauses.get(i); // enabled: clauses do not change while select() runs
      c.channel.lock.lock();
      try {
        queue(c).remove(node);
      } finally {
        c.channel.lock.unlock();
      }
    }
  }


  @Override
  public String toString() {
    int off = clauses.size() - enabledCount();
    return "Select[" + clauses.size() + " clauses" + (off > 0 ? " (" + off + " disabled)" : "") + (orElse != null ? ", default" : "")
        + (timeout != null ? ", timeout " + timeout : "") + (biased ? ", biased" : "") + "]";
  }

}
