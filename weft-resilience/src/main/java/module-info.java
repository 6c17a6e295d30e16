/**
 * weft-resilience: policies that keep calls alive when what they depend on fails or is
 * overloaded, for virtual threads and {@code Context}s.
 *
 * <ul>
 *   <li>{@code dev.weft.resilience}: {@code Policy}, the contract every policy implements
 *   <li>{@code dev.weft.resilience.throttle}: {@code Debouncer}, {@code Throttler}, {@code Throttle}
 * </ul>
 */
module dev.weft.resilience {
  requires transitive dev.weft.core;

  exports dev.weft.resilience;
  exports dev.weft.resilience.throttle;
}
