package dev.weft.flow.fan;

import dev.weft.chan.ReceiveChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outputs of a running {@link Fan#split split}, {@link Fan#splitBy splitBy} or {@link Fan#tee
 * tee}, with what the distributing thread reports when it stops.
 *
 * <p>Every output is closed, once, when the distribution stops: because the input was closed and
 * drained, because the context was cancelled, or because the key function threw. Consumers can
 * therefore range over an output ({@code for (T v : out)}) and then consult {@link #failure()}
 * and {@link #dropped()}.
 *
 * <p><b>Memory consistency effects:</b> the values of {@link #failure()} and {@link #dropped()} are
 * final once an output has been observed closed: their writes <i>happen-before</i> the closing of
 * the outputs.
 *
 * @param <T> element type
 */
public final class FanOut<T> {

  private final List<ReceiveChannel<T>> outputs;
  private final AtomicLong dropped = new AtomicLong();
  private volatile Throwable failure;

  FanOut(List<ReceiveChannel<T>> outputs) {
    this.outputs = List.copyOf(outputs);
  }

  /** The outputs, in index order; an unmodifiable list. */
  public List<ReceiveChannel<T>> outputs() {
    return outputs;
  }

  /**
   * Output number {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public ReceiveChannel<T> output(int index) {
    return outputs.get(index);
  }

  /** The number of outputs. */
  public int size() {
    return outputs.size();
  }

  /**
   * Items taken from the input that did not reach every output they were meant for, because the
   * context was cancelled while they were being sent (or the key function threw on them). At most
   * one item is ever dropped: the distributing thread holds one item at a time and stops at the
   * first drop. For a {@link Fan#tee tee} a dropped item may have reached some outputs. Items the
   * distributing thread never took stay in the input.
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * The exception that stopped the distribution, if any: what the key function of {@link
   * Fan#splitBy splitBy} threw. Empty when the distribution stopped because the input was closed
   * or the context was cancelled, and while it is still running.
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  void drop() {
    dropped.incrementAndGet();
  }

  void fail(Throwable t) {
    failure = t;
  }

  @Override
  public String toString() {
    Throwable f = failure;
    return "FanOut[outputs=" + outputs.size() + ", dropped=" + dropped.get()
        + (f != null ? ", failure=" + f : "") + "]";
  }
}
