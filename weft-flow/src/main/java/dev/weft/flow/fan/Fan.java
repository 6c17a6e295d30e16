package dev.weft.flow.fan;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Fan-in and fan-out over channels: {@link #merge merge} many inputs into one output; {@link #split
 * split} one input round-robin, or {@link #splitBy by key}, over several outputs; {@link #tee tee}
 * every item to every output (broadcast).
 *
 * <p><b>Mental model.</b> Each operation is the Go idiom written once and correctly: it starts weft
 * virtual threads that move items from the input channel(s) to new output channels, and it closes
 * every output exactly once when the work is over, so consumers can simply range over them:
 *
 * <pre>{@code
 * ReceiveChannel<Result> results = Fan.merge(ctx, worker1, worker2, worker3);
 * for (Result r : results) print(r);   // ends when all three are closed and drained
 * }</pre>
 *
 * <p><b>When outputs close.</b> An output is closed when the input (for {@code merge}: every
 * input) is closed and drained and every item has been delivered, or as soon as {@code ctx} is
 * done, whichever comes first. The inputs are never closed by these methods: they belong to their
 * senders. After {@code ctx} is done, items still in an input stay there.
 *
 * <p><b>Threads.</b> {@code merge} uses one thread per input; {@code split}, {@code splitBy} and
 * {@code tee} use one thread. The threads end when the outputs are closed, in every case above.
 * They do <i>not</i> end while a consumer simply stops reading an output whose buffer is full, or
 * while an input stays open: as in Go, cancel {@code ctx} to stop a fan early.
 *
 * <p><b>Items in flight on cancellation.</b> A thread that has taken an item from an input and is
 * blocked sending it when {@code ctx} is done drops that item: it is neither delivered nor put
 * back. {@code merge} can thus drop at most one item per input and does not count them; the
 * fan-out operations drop at most one and count it in {@link FanOut#dropped()}.
 *
 * <p><b>Memory consistency effects:</b> as for channels: actions before a send to an input
 * <i>happen-before</i> actions after the receive of that item from an output.
 */
public final class Fan {

  private Fan() {}

  /**
   * Merges {@code inputs} into one new unbuffered channel (Go's fan-in). Items from one input keep
   * their relative order; items from different inputs interleave as they arrive.
   *
   * @param <T> the type of the items
   * @param ctx stops the forwarding when it is done
   * @param inputs the input channels
   * @return the output, closed when every input is closed and drained (at once if there are no
   *     inputs) or when {@code ctx} is done
   * @throws NullPointerException if {@code ctx}, {@code inputs} or any input is null
   */
  @SafeVarargs
  public static <T> ReceiveChannel<T> merge(Context ctx, ReceiveChannel<? extends T>... inputs) {
    Objects.requireNonNull(inputs, "Fan: inputs is null");
    List<ReceiveChannel<? extends T>> list = new ArrayList<>(inputs.length);
    for (ReceiveChannel<? extends T> in : inputs) list.add(in); // nulls are reported by merge
    return merge(ctx, list, 0);
  }

  /**
   * Merges {@code inputs} into one new channel of the given capacity (Go's fan-in), as {@link
   * #merge(Context, ReceiveChannel[])} does. A buffer lets the inputs' senders run ahead of a slow
   * consumer by up to {@code capacity} items.
   *
   * @param <T> the type of the items
   * @param ctx stops the forwarding when it is done
   * @param inputs the input channels
   * @param capacity the buffer capacity of each new channel
   * @return the output, closed when every input is closed and drained (at once if there are no
   *     inputs) or when {@code ctx} is done
   * @throws IllegalArgumentException if {@code capacity} is negative
   * @throws NullPointerException if {@code ctx}, {@code inputs} or any input is null
   */
  public static <T> ReceiveChannel<T> merge(
      Context ctx, List<? extends ReceiveChannel<? extends T>> inputs, int capacity) {
    Objects.requireNonNull(ctx, "Fan: ctx is null");
    Objects.requireNonNull(inputs, "Fan: inputs is null");
    checkCapacity(capacity);
    List<ReceiveChannel<? extends T>> ins = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      ins.add(Objects.requireNonNull(inputs.get(i), "Fan: inputs[" + i + "] is null"));
    }
    Channel<T> out = Channel.buffered(capacity);
    if (ins.isEmpty()) {
      out.close();
      return out;
    }
    AtomicInteger running = new AtomicInteger(ins.size());
    for (ReceiveChannel<? extends T> in : ins) {
      ThreadRegistry.start("fan-merge", () -> forward(ctx, in, out, running));
    }
    return out;
  }

  /**
   * Splits {@code input} over {@code n} new channels of the given capacity, round-robin: item
   * {@code k} (counting from 0) goes to output {@code k % n}.
   *
   * <p>The order is strict, so an output whose consumer is slow and whose buffer is full stalls
   * the split, and the other outputs wait too. To balance load across workers instead, let the
   * workers receive from one shared channel (Go's usual fan-out).
   *
   * @param <T> the type of the items
   * @param ctx stops the forwarding when it is done
   * @param input the channel to read until it is closed
   * @param n how many output channels
   * @param capacity the buffer capacity of each new channel
   * @return the {@code n} output channels
   * @throws IllegalArgumentException if {@code n < 1} or {@code capacity < 0}
   * @throws NullPointerException if {@code ctx} or {@code input} is null
   */
  public static <T> FanOut<T> split(Context ctx, ReceiveChannel<? extends T> input, int n, int capacity) {
    return distribute("fan-split", ctx, input, n, capacity, null);
  }

  /**
   * Splits {@code input} over {@code n} new channels of the given capacity by key: an item goes to
   * the output chosen by the hash of {@code keyFn.apply(item)}, so equal keys always reach the same
   * output (and keep their relative order). A {@code null} key is allowed and hashes as 0.
   *
   * <p>As with {@link #split}, a full output stalls the split. If {@code keyFn} throws, the split
   * stops: the item is counted as dropped, the exception is reported by {@link FanOut#failure()},
   * and the outputs are closed.
   *
   * @param <T> the type of the items
   * @param ctx stops the forwarding when it is done
   * @param input the channel to read until it is closed
   * @param n how many output channels
   * @param keyFn maps an item to its key
   * @param capacity the buffer capacity of each new channel
   * @return the {@code n} output channels
   * @throws IllegalArgumentException if {@code n < 1} or {@code capacity < 0}
   * @throws NullPointerException if an argument is null
   */
  public static <T> FanOut<T> splitBy(
      Context ctx,
      ReceiveChannel<? extends T> input,
      int n,
      Function<? super T, ?> keyFn,
      int capacity) {
    Objects.requireNonNull(keyFn, "Fan: keyFn is null");
    return distribute("fan-split", ctx, input, n, capacity, keyFn);
  }

  /**
   * Copies every item of {@code input} to each of {@code n} new channels of the given capacity
   * (broadcast, Go's tee). Each output receives every item, in input order.
   *
   * <p>The tee offers the current item to every output at once and takes the next item only when
   * all of them have accepted it, so <b>a slow output blocks the tee</b> and with it every other
   * output, once its buffer is full. Give outputs a buffer to absorb bursts; use a pub/sub broker
   * with a drop policy when a slow consumer must not hold up the others.
   *
   * @param <T> the type of the items
   * @param ctx stops the forwarding when it is done
   * @param input the channel to read until it is closed
   * @param n how many output channels
   * @param capacity the buffer capacity of each new channel
   * @return the {@code n} output channels
   * @throws IllegalArgumentException if {@code n < 1} or {@code capacity < 0}
   * @throws NullPointerException if {@code ctx} or {@code input} is null
   */
  public static <T> FanOut<T> tee(Context ctx, ReceiveChannel<? extends T> input, int n, int capacity) {
    Objects.requireNonNull(ctx, "Fan: ctx is null");
    Objects.requireNonNull(input, "Fan: input is null");
    List<Channel<T>> outs = outputs(n, capacity);
    FanOut<T> fan = new FanOut<>(List.copyOf(outs));
    ThreadRegistry.start("fan-tee", () -> tee(ctx, input, outs, fan));
    return fan;
  }

  // ---- implementation ----

  private static void checkCapacity(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("Fan: capacity must be >= 0, got " + capacity);
    }
  }

  private static <T> List<Channel<T>> outputs(int n, int capacity) {
    if (n < 1) throw new IllegalArgumentException("Fan: n must be > 0, got " + n);
    checkCapacity(capacity);
    List<Channel<T>> outs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) outs.add(Channel.buffered(capacity));
    return outs;
  }

  /** One merge thread: moves items from {@code in} to {@code out}; the last one closes it. */
  private static <T> void forward(
      Context ctx, ReceiveChannel<? extends T> in, Channel<T> out, AtomicInteger running) {
    try {
      while (true) {
        ReceiveResult<? extends T> r = in.receiveResult(ctx);
        if (!r.isValue()) return; // closed and drained, or cancelled
        if (!out.sendResult(r.value(), ctx).isSent()) return; // cancelled: the item is dropped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts fan threads; stop if someone does
    } finally {
      if (running.decrementAndGet() == 0) out.close();
    }
  }

  private static <T> FanOut<T> distribute(
      String purpose,
      Context ctx,
      ReceiveChannel<? extends T> input,
      int n,
      int capacity,
      Function<? super T, ?> keyFn) {
    Objects.requireNonNull(ctx, "Fan: ctx is null");
    Objects.requireNonNull(input, "Fan: input is null");
    List<Channel<T>> outs = outputs(n, capacity);
    FanOut<T> fan = new FanOut<>(List.copyOf(outs));
    ThreadRegistry.start(purpose, () -> distribute(ctx, input, outs, keyFn, fan));
    return fan;
  }

  /** The split thread: one item at a time, to the output chosen by round-robin or by key. */
  private static <T> void distribute(
      Context ctx,
      ReceiveChannel<? extends T> in,
      List<Channel<T>> outs,
      Function<? super T, ?> keyFn,
      FanOut<T> fan) {
    int n = outs.size();
    int next = 0;
    try {
      while (true) {
        ReceiveResult<? extends T> r = in.receiveResult(ctx);
        if (!r.isValue()) return;
        T item = r.value();
        int target;
        if (keyFn == null) {
          target = next;
          next = next + 1 == n ? 0 : next + 1;
        } else {
          try {
            target = index(keyFn.apply(item), n);
          } catch (RuntimeException | Error e) {
            fan.drop();
            fan.fail(e);
            return;
          }
        }
        if (!outs.get(target).sendResult(item, ctx).isSent()) {
          fan.drop();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Channel<T> out : outs) out.close();
      fan.stop();
    }
  }

  /** Spreads the key's hash (as HashMap does) so that keys differing in high bits still spread. */
  static int index(Object key, int n) {
    int h = Objects.hashCode(key);
    return Math.floorMod(h ^ (h >>> 16), n);
  }

  /** The tee thread: offers each item to every output at once, then moves on. */
  private static <T> void tee(Context ctx, ReceiveChannel<? extends T> in, List<Channel<T>> outs, FanOut<T> fan) {
    int n = outs.size();
    boolean[] pending = new boolean[n];
    try {
      while (true) {
        ReceiveResult<? extends T> r = in.receiveResult(ctx);
        if (!r.isValue()) return;
        T item = r.value();
        if (n == 1) {
          if (!outs.get(0).sendResult(item, ctx).isSent()) {
            fan.drop();
            return;
          }
          continue;
        }
        Arrays.fill(pending, true);
        for (int left = n; left > 0; left--) {
          Select<Integer> select = new Select<>();
          for (int i = 0; i < n; i++) {
            if (pending[i]) {
              int idx = i;
              select.onSend(outs.get(i), item, () -> idx);
            }
          }
          int sent = select.onDone(ctx, () -> -1).select();
          if (sent < 0) {
            fan.drop();
            return;
          }
          pending[sent] = false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Channel<T> out : outs) out.close();
      fan.stop();
    }
  }
}
