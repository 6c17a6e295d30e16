/**
 * weft-core: Go's concurrency primitives for virtual threads.
 *
 * <ul>
 *   <li>{@code dev.weft.chan}: {@code Channel}, {@code Select}, {@code Timer}, {@code Ticker}
 *   <li>{@code dev.weft.context}: {@code Context}, {@code SignalContext}, {@code Trace}
 *   <li>{@code dev.weft.sync}: {@code WaitGroup}, {@code ErrGroup}, {@code RunGroup}, {@code
 *       Semaphore}, {@code SingleFlight}, {@code Once}, {@code Barrier}, {@code Cond}, {@code Pool},
 *       {@code Threads}
 *   <li>{@code dev.weft.time}: {@code Clock}, {@code FakeClock}, {@code Backoff}
 *   <li>{@code dev.weft.task}: the functional vocabulary ({@code Task}, {@code ContextTask},
 *       {@code ThrowingFunction}, ...)
 *   <li>{@code dev.weft.spi}: hooks for weft's own modules and integrators, not for application
 *       code; may change between minor versions
 * </ul>
 *
 * <p>Package floors, each using only those below it: {@code time} and {@code spi} use no other
 * weft package; {@code chan} and {@code context} use them and each other (the one intended cycle:
 * a context's {@code done()} is a channel, and channel operations accept a context); {@code task}
 * uses {@code context}; {@code sync} uses all of these.
 */
module dev.weft.core {
  exports dev.weft.chan;
  exports dev.weft.context;
  exports dev.weft.time;
  exports dev.weft.task;
  exports dev.weft.sync;
  exports dev.weft.spi;
}
