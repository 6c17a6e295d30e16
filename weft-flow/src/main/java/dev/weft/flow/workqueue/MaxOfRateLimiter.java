package dev.weft.flow.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The longest delay of several limiters; every limiter is consulted on each call. */
final class MaxOfRateLimiter<K> implements RateLimiter<K> {

  private final List<RateLimiter<? super K>> limiters;

  MaxOfRateLimiter(List<RateLimiter<? super K>> limiters) {
    if (limiters.isEmpty()) {
      throw new IllegalArgumentException("RateLimiter: maxOf needs at least one limiter");
    }
    this.limiters = limiters;
  }

  @Override
  public Duration when(K key) {
    Objects.requireNonNull(key, "RateLimiter: key is null");
    Duration longest = Duration.ZERO;
    for (RateLimiter<? super K> l : limiters) {
      Duration d = Objects.requireNonNull(l.when(key), "RateLimiter: a limiter returned null");
      if (d.compareTo(longest) > 0) longest = d;
    }
    return longest;
  }

  @Override
  public void forget(K key) {
    Objects.requireNonNull(key, "RateLimiter: key is null");
    for (RateLimiter<? super K> l : limiters) l.forget(key);
  }

  @Override
  public int numRequeues(K key) {
    Objects.requireNonNull(key, "RateLimiter: key is null");
    int max = 0;
    for (RateLimiter<? super K> l : limiters) max = Math.max(max, l.numRequeues(key));
    return max;
  }

  @Override
  public String toString() {
    return "RateLimiter.maxOf" + limiters;
  }
}
