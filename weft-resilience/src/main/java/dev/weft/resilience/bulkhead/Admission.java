package dev.weft.resilience.bulkhead;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.sync.Semaphore;
import java.time.Duration;
import java.util.function.Supplier;

/** Taking one permit for a call, as both bulkheads do: at once if free, else within a wait. */
final class Admission {

  private Admission() {}

  /**
   * Takes one permit of {@code permits}, waiting at most {@code maxWait} on {@code ctx}'s clock.
   *
   * @param permits the bulkhead's permits
   * @param ctx the caller's context
   * @param maxWait how long to wait for a permit; zero: not at all
   * @param full makes the rejection, counting it
   * @throws BulkheadFullException (from {@code full}) if no permit came in time
   * @throws InterruptedException if interrupted while waiting; nothing is taken
   * @throws ContextCancelledException if {@code ctx} is done while waiting; nothing is taken
   */
  static void acquire(
      Semaphore permits, Context ctx, Duration maxWait, Supplier<BulkheadFullException> full)
      throws InterruptedException {
    if (permits.tryAcquire(1)) return;
    if (maxWait.isZero()) throw full.get();
    try (CancelContext waitCtx = Context.withTimeout(ctx, maxWait)) {
      permits.acquire(1, waitCtx);
    } catch (ContextCancelledException e) {
      if (ctx.isDone()) throw e; // the caller's context, not the wait's deadline
      throw full.get();
    }
  }
}
