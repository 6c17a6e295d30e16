package dev.weft.flow.fan;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.util.List;
import java.util.Objects;
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
 * final once an output has been observed closed or {@link #await()} has returned: their writes
 * <i>happen-before</i> the closing of the outputs, which happens-before the return of {@code
 * await}.
 *
 * @param <T> element type
 */
public final class FanOut<T> {

  private final List<ReceiveChannel<T>> outputs;
  private final AtomicLong dropped = new AtomicLong();
  private final Channel<Void> stopped = Channel.unbuffered(); // closed when the thread is done
  private volatile Throwable failure;

  FanOut(List<ReceiveChannel<T>> outputs) {
    this.outputs = List.copyOf(outputs);
  }

  /**
   * The outputs, in index order; an unmodifiable list.
   *
   * @return the outputs, in index order; an unmodifiable list
   */
  public List<ReceiveChannel<T>> outputs() {
    return outputs;
  }

  /**
   * Output number {@code index}.
   *
   * @param index the output's number, from 0
   * @return output number {@code index}
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public ReceiveChannel<T> output(int index) {
    return outputs.get(index);
  }

  /**
   * The number of outputs.
   *
   * @return the number of outputs
   */
  public int size() {
    return outputs.size();
  }

  /**
   * Items taken from the input that did not reach every output they were meant for, because the
   * context was cancelled while they were being sent (or the key function threw on them). At most
   * one item is ever dropped: the distributing thread holds one item at a time and stops at the
   * first drop. For a {@link Fan#tee tee} a dropped item may have reached some outputs. Items the
   * distributing thread never took stay in the input.
   *
   * @return items taken from the input that did not reach every output they were meant for, because
   *     the context was cancelled while they were being sent (or the key function threw on them)
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * The exception that stopped the distribution, if any: what the key function of {@link
   * Fan#splitBy splitBy} threw. Empty when the distribution stopped because the input was closed
   * or the context was cancelled, and while it is still running.
   *
   * @return the exception that stopped the distribution, if any: what the key function of {@link
   *     Fan#splitBy splitBy} threw
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Waits until the distribution has stopped: every output is closed and {@link #dropped()} and
   * {@link #failure()} are final. Items still buffered in the outputs can be received afterwards.
   *
   * <p>Wakes when the distributing thread closes the outputs, or on interrupt.
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void await() throws InterruptedException {
    stopped.receiveResult();
  }

  /**
   * Like {@link #await()}, but gives up when {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or before the distribution
   *     stopped
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public void await(Context ctx) throws InterruptedException {
    if (!stopped.receiveResult(Objects.requireNonNull(ctx, "FanOut: ctx is null")).isClosed()) {
      ctx.throwIfDone();
    }
  }

  /**
   * Whether the distribution has stopped (every output is closed).
   *
   * @return whether the distribution has stopped (every output is closed)
   */
  public boolean isDone() {
    return stopped.isClosedForSend();
  }

  /** Called by the distributing thread after it closed the outputs. */
  void stop() {
    stopped.close();
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
    return "FanOut[" + (isDone() ? "done" : "running") + ", outputs=" + outputs.size()
        + ", dropped=" + dropped.get()
        + (f != null ? ", failure=" + f : "") + "]";
  }
}
