/**
 * weft-core: Go's concurrency primitives for virtual threads.
 *
 * <ul>
 *   <li>{@code dev.weft.chan}: {@code Channel}, {@code Select}, {@code Timer}, {@code Ticker}
 *   <li>{@code dev.weft.context}: {@code Context}
 *   <li>{@code dev.weft.sync}: {@code WaitGroup}, {@code ErrGroup}, {@code Semaphore}, {@code SingleFlight}
 *   <li>{@code dev.weft.time}: {@code Clock}, {@code FakeClock}, {@code Backoff}
 * </ul>
 */
module dev.weft.core {
  // exports of API packages are added as each package is created
  exports dev.weft.internal to dev.weft.test;
}
