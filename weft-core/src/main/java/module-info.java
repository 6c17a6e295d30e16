/**
 * weft-core: Go's concurrency primitives for virtual threads.
 *
 * <ul>
 *   <li>{@code dev.weft.chan}: {@code Channel}, {@code Select}, {@code Timer}, {@code Ticker}
 *   <li>{@code dev.weft.context}: {@code Context}
 *   <li>{@code dev.weft.sync}: {@code WaitGroup}, {@code ErrGroup}, {@code Semaphore}, {@code
 *       SingleFlight}
 *   <li>{@code dev.weft.time}: {@code Clock}, {@code FakeClock}, {@code Backoff}
 *   <li>{@code dev.weft.task}: the functional vocabulary ({@code Task}, {@code ContextTask},
 *       {@code ThrowingFunction}, ...)
 * </ul>
 */
module dev.weft.core {
  exports dev.weft.chan;
  exports dev.weft.context;
  exports dev.weft.time;
  exports dev.weft.task;
  exports dev.weft.sync;
  exports dev.weft.internal to
      dev.weft.test,
      dev.weft.flow;
}
