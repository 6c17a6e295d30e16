package dev.weft.resilience.throttle;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.time.Clock;
import java.time.Duration;

/**
 * The thread behind a channel form of {@link Throttle}: a Go {@code for { select { ... } }} over
 * the input, a {@link Timer} and the context, applying a {@link Shape} and sending what it
 * delivers to the output.
 *
 * @param <T> the type of the items
 */
final class ShapeLoop<T> {

  /*
   * Implementation notes. Everything here is confined to the loop's thread. The timer is armed
   * lazily as in Engine: only when the shape's due time is earlier than the armed one (or nothing
   * is armed), so a burst of items does not reset the timer per item. Time is read on this thread
   * when it handles an item or a firing, so a late wake-up (scheduling latency) counts as a firing
   * that late. Outputs are sent with the
   * context, so a consumer that stops receiving holds the loop (and, through the input, its
   * producers: backpressure) until the context is done. Whatever ends the loop, the finally block
   * stops the timer and closes the output, so the thread never outlives it.
   */

  private static final int ITEM = 0;
  private static final int DUE = 1;
  private static final int DONE = 2;

  private final ReceiveChannel<? extends T> in;
  private final Shape<T> shape;
  private final Clock clock;
  private final Context ctx;
  private final Channel<T> out;
  private ReceiveResult<? extends T> received; // set by the select's input clause

  private ShapeLoop(
      ReceiveChannel<? extends T> in, Shape<T> shape, Clock clock, Context ctx, Channel<T> out) {
    this.in = in;
    this.shape = shape;
    this.clock = clock;
    this.ctx = ctx;
    this.out = out;
  }

  /** Starts the loop's thread; returns the output, which the loop closes when it ends. */
  static <T> ReceiveChannel<T> start(
      String purpose, ReceiveChannel<? extends T> in, Shape<T> shape, Clock clock, Context ctx) {
    Channel<T> out = Channel.unbuffered();
    ShapeLoop<T> loop = new ShapeLoop<>(in, shape, clock, ctx, out);
    ThreadRegistry.start(purpose, loop::run);
    return out;
  }

  private void run() {
    Timer timer = null;
    try {
      timer = Timer.start(clock, Duration.ofDays(1));
      timer.stop();
      Select<Integer> select =
          new Select<Integer>()
              .onReceiveResult(in, r -> {
                received = r;
                return ITEM;
              })
              .onReceive(timer.channel(), t -> DUE)
              .onDone(ctx, () -> DONE);
      long armedAt = Shape.NONE;
      while (true) {
        long due = shape.due();
        if (due == Shape.NONE) {
          if (armedAt != Shape.NONE) timer.stop();
          armedAt = Shape.NONE;
        } else if (armedAt == Shape.NONE || armedAt > due) {
          // The delay comes from a reading taken just before the timer is placed, and the timer
          // is placed again if the clock moved meanwhile (another thread advancing a fake clock):
          // it would lie past `due`. A reset drops whatever the earlier placement delivered. The
          // system clock moves all the time; a timer late by nanoseconds is what any timer is.
          long now;
          do {
            now = clock.nanoTime();
            timer.reset(Duration.ofNanos(Shape.until(due, now)));
          } while (clock != Clock.system() && clock.nanoTime() != now);
          armedAt = due;
        }
        int what = select.select();
        if (what == DONE) return; // a pending value is dropped
        long now = clock.nanoTime();
        T emit;
        if (what == DUE) {
          armedAt = Shape.NONE;
          emit = shape.onDue(now);
        } else {
          ReceiveResult<? extends T> r = received;
          received = null;
          if (!r.isValue()) { // closed and drained: deliver what is pending, then end
            T last = shape.flush(now);
            if (last != null) out.sendResult(last, ctx);
            return;
          }
          emit = shape.onEvent(r.value(), now);
        }
        if (emit != null && !out.sendResult(emit, ctx).isSent()) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread; end if someone does
    } finally {
      if (timer != null) timer.stop();
      out.close();
    }
  }
}
