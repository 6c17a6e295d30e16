/**
 * weft-resilience: policies that keep calls alive when what they depend on fails or is
 * overloaded, for virtual threads and {@code Context}s.
 *
 * <ul>
 *   <li>{@code dev.weft.resilience}: {@code Policy}, the contract every policy implements
 *   <li>{@code dev.weft.resilience.ratelimit}: {@code RateLimiter}, {@code TokenBucket}, {@code Gcra}
 * </ul>
 */
module dev.weft.resilience {
  requires transitive dev.weft.core;

  exports dev.weft.resilience;
  exports dev.weft.resilience.ratelimit;
}
