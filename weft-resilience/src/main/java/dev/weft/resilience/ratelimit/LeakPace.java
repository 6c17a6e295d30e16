package dev.weft.resilience.ratelimit;

/**
 * The pace of a {@link LeakyBucketQueue}: permits leave on a fixed schedule, one per slot, and the
 * queue of permits taken but not yet left is bounded.
 */
final class LeakPace extends Pace {

  /*
   * Implementation notes. The slots are the arrivals of a greedy Band with the queue's rate: slot
   * j comes at band.timeOf(j), exactly (ceil(j × period / rate) from the queue's creation), so 3
   * per second does not drift. `consumed` is the number of the last slot taken. A request made at
   * `now` starts at slot first = max(consumed, arrived - 1) + 1, where arrived = band.slotsAt(now):
   * slots left unused while the queue was idle are lost, except the current one. It is admitted
   * when that slot comes and takes n slots (consumed = first + n - 1): the request after it waits
   * for them. The permits queued are consumed - arrived; a request is accepted while its last slot
   * is at most queueCapacity slots ahead: first + n - 1 <= arrived + queueCapacity.
   */

  final Band band;
  final long queueCapacity;
  /** The number of the last slot taken. */
  long consumed;

  LeakPace(Band band, long queueCapacity, long consumed) {
    this.band = band;
    this.queueCapacity = queueCapacity;
    this.consumed = consumed;
  }

  private long first(long arrived) {
    return Math.max(consumed, arrived - 1) + 1;
  }

  @Override
  long admissionAt(int n, long now) {
    return band.timeOf(first(band.slotsAt(now)));
  }

  @Override
  long take(int n, long now) {
    long j = first(band.slotsAt(now));
    consumed = Band.satAdd(j, n - 1);
    return band.timeOf(j);
  }

  @Override
  boolean fits(int n, long now) {
    long arrived = band.slotsAt(now);
    return Band.satAdd(first(arrived), n - 1) <= Band.satAdd(arrived, queueCapacity);
  }

  /** The clock reading from which a request for {@code n} would fit the queue. */
  long fitsAt(int n, long now) {
    long last = Band.satAdd(first(band.slotsAt(now)), n - 1);
    return band.timeOf(Band.satAdd(last, -queueCapacity));
  }

  /** The permits taken whose slot has not come at {@code now}. */
  long queuedPermits(long now) {
    return Math.max(0, consumed - band.slotsAt(now));
  }

  @Override
  Pace copy() {
    return new LeakPace(band, queueCapacity, consumed);
  }
}
