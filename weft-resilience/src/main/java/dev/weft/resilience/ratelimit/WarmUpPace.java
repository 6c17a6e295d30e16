package dev.weft.resilience.ratelimit;

/**
 * The pace of a {@link SmoothWarmUp}: stored permits that make permits slower the colder the
 * limiter is, and the time at which the next request may be admitted.
 */
final class WarmUpPace extends Pace {

  /*
   * Implementation notes. The derivation is in SmoothWarmUp's class doc; here, the numbers.
   *
   *   stable = 1e9 / permitsPerSecond ns, cold = coldFactor × stable,
   *   max = 2 × warmUp / (stable + cold)                 (stored permits of a cold limiter)
   *   interval(s) = stable + slope × s, slope = (cold - stable) / max
   *   cost of taking k stored permits from level s = ∫[s-k, s] interval
   *                                                = k × stable + slope × k × (2s - k) / 2
   *   idle time refills max / warmUp stored permits per ns, up to max.
   *
   * A request for n permits takes k = min(n, stored) stored permits and n - k fresh ones at the
   * stable interval, so its cost is n × stable + slope × k × (2s - k) / 2. The next free time is
   * kept as a whole clock reading `free` plus a fraction `frac` in [0, 1), so that costs that are
   * not whole nanoseconds (3 per second) do not drift: only the admission time is rounded, up, to
   * the next whole nanosecond. Stored permits and costs are doubles (the cost is not linear in
   * them); the clock readings stay longs. A cost that would carry `free` past Long.MAX_VALUE
   * saturates it there: the limiter then admits nothing for about 292 years, which is what such a
   * request asked for.
   */

  final double stable;
  final double coldFactor;
  final double warmUp;
  final double max;
  final double slope;
  final double coolPerNano;

  /** The whole part of the next free time (a clock reading). */
  long free;
  /** The fractional part of the next free time, in [0, 1). */
  double frac;
  /** Stored permits, from 0 (hot) to {@link #max} (cold). */
  double stored;

  WarmUpPace(double stable, double coldFactor, double warmUp, long free, double frac, double stored) {
    this.stable = stable;
    this.coldFactor = coldFactor;
    this.warmUp = warmUp;
    this.max = 2 * warmUp / (stable + coldFactor * stable);
    this.slope = (coldFactor * stable - stable) / max;
    this.coolPerNano = max / warmUp;
    this.free = free;
    this.frac = frac;
    this.stored = stored;
  }

  /** A cold pace at {@code now}: every stored permit there. */
  static WarmUpPace cold(double stable, double coldFactor, double warmUp, long now) {
    WarmUpPace p = new WarmUpPace(stable, coldFactor, warmUp, now, 0, 0);
    p.stored = p.max;
    return p;
  }

  /** The first whole clock reading at or after the next free time. */
  private long ceilFree() {
    return frac > 0 ? Band.satAdd(free, 1) : free;
  }

  @Override
  long admissionAt(int n, long now) {
    return Math.max(now, ceilFree());
  }

  @Override
  long take(int n, long now) {
    resync(now);
    long at = ceilFree();
    double s = stored;
    double k = Math.min(n, s);
    double cost = n * stable + slope * k * (2 * s - k) / 2;
    stored = k == s ? 0 : s - k;
    advance(cost);
    return at;
  }

  /** If the limiter has been idle until {@code now}, stores the permits that idleness refilled. */
  private void resync(long now) {
    if (now < ceilFree()) return;
    double idle = (double) Band.satAdd(now, -free) - frac;
    stored = Math.min(max, stored + idle * coolPerNano);
    free = now;
    frac = 0;
  }

  private void advance(double cost) {
    double total = frac + cost;
    if (total >= 0x1p63) {
      free = Long.MAX_VALUE;
      frac = 0;
      return;
    }
    long whole = (long) total;
    long next = Band.satAdd(free, whole);
    if (next == Long.MAX_VALUE) {
      free = Long.MAX_VALUE;
      frac = 0;
      return;
    }
    free = next;
    frac = total - whole;
  }

  /**
   * This state carried over to a new stable interval at {@code now}: the permits idleness stored
   * until now are counted at the old rate, and the limiter keeps how cold it is (stored / max).
   */
  WarmUpPace withStable(double newStable, long now) {
    WarmUpPace p = (WarmUpPace) copy();
    p.resync(now);
    WarmUpPace q = new WarmUpPace(newStable, coldFactor, warmUp, p.free, p.frac, 0);
    q.stored = p.stored >= max ? q.max : p.stored / max * q.max;
    return q;
  }

  @Override
  Pace copy() {
    return new WarmUpPace(stable, coldFactor, warmUp, free, frac, stored);
  }
}
