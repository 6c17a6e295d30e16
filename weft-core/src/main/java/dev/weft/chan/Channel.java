package dev.weft.chan;

/**
 * A Go channel: a typed conduit between threads, with an optional buffer.
 *
 * <p><b>Mental model.</b> {@link #unbuffered()} is a rendezvous: a send waits until a receiver
 * takes the value. {@link #buffered(int) buffered(n)} holds up to {@code n} values: a send waits
 * only when the buffer is full, a receive only when it is empty. Waiting senders and receivers
 * are served first-in first-out. The sender side {@linkplain #close() closes} the channel to say
 * "no more values"; buffered values are still delivered, then receivers see "closed". {@link
 * #nil()} is Go's nil channel: every operation on it blocks forever, and in a {@link Select} its
 * clauses are never chosen, which is how a clause is disabled.
 *
 * <pre>{@code
 * Channel<String> ch = Channel.buffered(16);
 * WaitGroup wg = new WaitGroup();
 * wg.go(() -> { for (var line : lines) ch.send(line); ch.close(); });
 * for (String line : ch) System.out.println(line);   // ends when closed and drained
 * }</pre>
 *
 * <p><b>Null elements</b> are rejected with {@link NullPointerException}.
 *
 * <p><b>Order and fairness.</b> Values leave a buffered channel in the order they entered it, and
 * each sender's values in the order it sent them. On a rendezvous channel, blocked senders and
 * blocked receivers are each served in arrival order. On a buffered channel, a blocked sender is
 * woken when a slot frees up and a blocked receiver when a value arrives, first come first woken,
 * but a thread that did not block may take that slot or value first; the woken thread then waits
 * again. No send or receive is lost or duplicated either way (Go makes no fairness promise here).
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to sending a value
 * <i>happen-before</i> actions subsequent to the receipt of that value in another thread. For a
 * rendezvous channel, actions prior to a receive that takes a value from a blocked sender also
 * happen-before the sender's return (Go's rule for unbuffered channels). Closing happens-before a
 * receive that reports the channel closed.
 *
 * <p>All methods are thread-safe. A channel cannot be reopened once closed.
 *
 * @param <E> element type; never {@code null}
 */
public sealed interface Channel<E> extends SendChannel<E>, ReceiveChannel<E>
    permits ChannelImpl, NilChannel {

  /**
   * A new rendezvous channel (Go's {@code make(chan E)}): {@code cap() == 0}.
   *
   * @param <E> the type of the elements
   * @return a new rendezvous channel (Go's {@code make(chan E)}): {@code cap() == 0}
   */
  static <E> Channel<E> unbuffered() {
    return new ChannelImpl<>(0);
  }

  /**
   * A new channel holding up to {@code capacity} values (Go's {@code make(chan E, capacity)});
   * capacity 0 is a rendezvous channel. The buffer is allocated up front, rounded up to a power of
   * two slots.
   *
   * @param <E> the type of the elements
   * @param capacity the number of values buffered, 0 for an unbuffered channel
   * @return a new channel holding up to {@code capacity} values (Go's {@code make(chan E,
   *     capacity)}); capacity 0 is a rendezvous channel
   * @throws IllegalArgumentException if {@code capacity} is negative or above 2^30
   */
  static <E> Channel<E> buffered(int capacity) {
    if (capacity < 0 || capacity > 1 << 30) {
      throw new IllegalArgumentException(
          "Channel: capacity must be in [0, 1073741824], was " + capacity);
    }
    return new ChannelImpl<>(capacity);
  }

  /**
   * Go's nil channel: sends and receives block until interrupted, timed out or cancelled; the
   * {@code try} forms report {@link SendResult.Full} / {@link ReceiveResult.Empty}; {@link
   * #close()} throws {@link IllegalStateException}. In a {@link Select}, its clauses never fire.
   *
   * @param <E> the type of the elements
   * @return Go's nil channel: sends and receives block until interrupted, timed out or cancelled;
   *     the {@code try} forms report {@link SendResult.Full} / {@link ReceiveResult.Empty}; {@link
   *     #close()} throws {@link IllegalStateException}
   */
  @SuppressWarnings("unchecked")
  static <E> Channel<E> nil() {
    return (Channel<E>) NilChannel.INSTANCE;
  }
}
