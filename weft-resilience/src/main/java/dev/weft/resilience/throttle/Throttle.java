package dev.weft.resilience.throttle;

import dev.weft.chan.ReceiveChannel;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.Objects;

/**
 * Debouncing and throttling of channels: each method reads an input channel on a weft virtual
 * thread and returns a new channel carrying the items the rule lets through, with the timing of
 * {@link Debouncer} or {@link Throttler}.
 *
 * <pre>{@code
 * ReceiveChannel<Query> queries = Throttle.debounce(keystrokes, Duration.ofMillis(300), ctx);
 * for (Query q : queries) search(q);   // ends when keystrokes is closed (or ctx is done)
 * }</pre>
 *
 * <p><b>When the output closes.</b> When the input is closed and drained, the pending trailing item,
 * if any, is sent at once (as by {@link Debouncer#close()}) and then the output is closed. When
 * {@code ctx} is done, the output is closed at once and a pending item is dropped. The input is
 * never closed: it belongs to its senders; items still in it after {@code ctx} is done stay there.
 *
 * <p><b>Threads.</b> Each call starts one tracked virtual thread (named {@code
 * "weft-debounce-N"} or {@code "weft-throttle-N"}), which ends when the output is closed in either
 * case above. As in Go, it does not end while the input stays open and {@code ctx} is not done:
 * cancel {@code ctx} to stop it early.
 *
 * <p><b>Output and backpressure.</b> The output is unbuffered. While the loop waits for the
 * consumer to take an item, it reads no input (so the input's senders wait) and measures time from
 * when it next reads; a slow consumer thus stretches the timing rather than receiving stale bursts.
 *
 * <p><b>Time.</b> The forms that take a {@link Duration} measure time on {@code ctx}'s {@linkplain
 * Context#clock() clock} (so a context rooted at {@code Context.background(fakeClock)} makes them
 * testable); the forms that take a configuration use its clock.
 *
 * <p><b>Memory per call:</b> one virtual thread, one timer, one select and the pending item; constant
 * whatever the rate of items.
 *
 * <p><b>Memory consistency effects:</b> as for channels: actions before a send to the input
 * <i>happen-before</i> actions after the receipt of that item (or a later one that replaced it)
 * from the output; closing the input happens-before the receive that finds the output closed.
 */
public final class Throttle {

  private Throttle() {}

  /**
   * Debounces {@code in} with the trailing edge: an item is sent on once no other item has come for
   * {@code wait}, and only the latest item of each burst is sent. Time is measured on {@code ctx}'s
   * clock.
   *
   * @param <T> the type of the items
   * @param in the input, read until it is closed and drained
   * @param wait how long a burst must be quiet before its latest item is sent
   * @param ctx ends the debouncing when done; its clock measures {@code wait}
   * @return the output, closed as described in the class documentation
   * @throws IllegalArgumentException if {@code wait} is not positive
   * @throws NullPointerException if an argument is null
   */
  public static <T> ReceiveChannel<T> debounce(
      ReceiveChannel<? extends T> in, Duration wait, Context ctx) {
    Objects.requireNonNull(ctx, "Throttle: ctx is null");
    return debounce(in, DebounceConfig.of(wait).withClock(ctx.clock()), ctx);
  }

  /**
   * Debounces {@code in} as a {@link Debouncer} with {@code config} would: edges, maximum wait and
   * clock from {@code config}.
   *
   * @param <T> the type of the items
   * @param in the input, read until it is closed and drained
   * @param config the quiet period, maximum wait, edges and clock
   * @param ctx ends the debouncing when done
   * @return the output, closed as described in the class documentation
   * @throws NullPointerException if an argument is null
   */
  public static <T> ReceiveChannel<T> debounce(
      ReceiveChannel<? extends T> in, DebounceConfig config, Context ctx) {
    Objects.requireNonNull(in, "Throttle: in is null");
    Objects.requireNonNull(config, "Throttle: config is null");
    Objects.requireNonNull(ctx, "Throttle: ctx is null");
    return ShapeLoop.start("debounce", in, new DebounceShape<>(config), config.clock(), ctx);
  }

  /**
   * Throttles {@code in}: an item is sent on at once if none was sent during the last {@code
   * every}; the latest item that came meanwhile is sent when that interval ends (the trailing
   * call). Time is measured on {@code ctx}'s clock.
   *
   * @param <T> the type of the items
   * @param in the input, read until it is closed and drained
   * @param every the shortest time between two items sent
   * @param ctx ends the throttling when done; its clock measures {@code every}
   * @return the output, closed as described in the class documentation
   * @throws IllegalArgumentException if {@code every} is not positive
   * @throws NullPointerException if an argument is null
   */
  public static <T> ReceiveChannel<T> throttle(
      ReceiveChannel<? extends T> in, Duration every, Context ctx) {
    Objects.requireNonNull(ctx, "Throttle: ctx is null");
    return throttle(in, ThrottleConfig.of(every).withClock(ctx.clock()), ctx);
  }

  /**
   * Throttles {@code in} as a {@link Throttler} with {@code config} would: interval, trailing call
   * and clock from {@code config}.
   *
   * @param <T> the type of the items
   * @param in the input, read until it is closed and drained
   * @param config the interval, the trailing call and the clock
   * @param ctx ends the throttling when done
   * @return the output, closed as described in the class documentation
   * @throws NullPointerException if an argument is null
   */
  public static <T> ReceiveChannel<T> throttle(
      ReceiveChannel<? extends T> in, ThrottleConfig config, Context ctx) {
    Objects.requireNonNull(in, "Throttle: in is null");
    Objects.requireNonNull(config, "Throttle: config is null");
    Objects.requireNonNull(ctx, "Throttle: ctx is null");
    return ShapeLoop.start("throttle", in, new ThrottleShape<>(config), config.clock(), ctx);
  }
}
