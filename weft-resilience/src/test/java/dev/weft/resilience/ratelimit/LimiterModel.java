package dev.weft.resilience.ratelimit;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequential model of a single-band limiter for the Lincheck tests: a whole number of tokens
 * (negative while reservations are in debt), refilled continuously at {@code refillTokens} per
 * {@code periodNanos} from time 0 and capped at {@code capacity}, and the reservations made so
 * far, each with the arrivals it still owes before its time comes. A permit costs {@code unit}
 * tokens. Written from the rules in the class docs of {@link TokenBucket} and {@link Gcra}, not
 * from their counting scheme.
 */
class LimiterModel {

  private final long capacity;
  private final long refillTokens;
  private final long periodNanos;
  private final long unit;

  private long now;
  private long tokens;
  private long arrivedSoFar;

  /** Per reservation, oldest first: {@code {cost, owed}}; owed <= 0 means its time has come. */
  private final List<long[]> reservations = new ArrayList<>();

  private int cancelled; // reservations at the head of the list already cancelled or dropped

  LimiterModel(long capacity, long refillTokens, long periodNanos, long initial, long unit) {
    this.capacity = capacity;
    this.refillTokens = refillTokens;
    this.periodNanos = periodNanos;
    this.unit = unit;
    this.tokens = initial;
  }

  private long arrived(long t) {
    return Math.multiplyExact(t, refillTokens) / periodNanos;
  }

  /** The nanoseconds from now until {@code k} more tokens have arrived; 0 when k <= 0. */
  private long until(long k) {
    if (k <= 0) return 0;
    long d = 1;
    while (arrived(now + d) - arrivedSoFar < k) d++;
    return d;
  }

  public void advance(long d) {
    now += d;
    long a = arrived(now) - arrivedSoFar;
    arrivedSoFar += a;
    tokens = Math.min(capacity, tokens + a);
    for (long[] r : reservations) r[1] -= a;
  }

  public boolean tryAcquire(int n) {
    long cost = n * unit;
    if (tokens < cost) return false;
    tokens -= cost;
    return true;
  }

  public long decide(int n) {
    long cost = n * unit;
    if (tokens >= cost) {
      tokens -= cost;
      return 0;
    }
    return until(cost - tokens);
  }

  public long available() {
    return Math.floorDiv(tokens, unit);
  }

  public boolean reserve(int n) {
    long cost = n * unit;
    boolean inLine = tokens < cost;
    tokens -= cost;
    reservations.add(new long[] {cost, inLine ? -tokens : 0});
    return inLine;
  }

  public long delayOfOldest() {
    if (cancelled == reservations.size()) return -1;
    return until(reservations.get(cancelled)[1]);
  }

  public int cancelOldest() {
    if (cancelled == reservations.size()) return -1;
    long[] r = reservations.get(cancelled++);
    if (r[1] <= 0) return 0;
    tokens += r[0];
    for (int i = cancelled; i < reservations.size(); i++) reservations.get(i)[1] -= r[0];
    return 1;
  }
}
