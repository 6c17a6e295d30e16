package dev.weft.flow.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The longest delay of several limiters; every limiter is consulted on each call. */
final class MaxOfRequeueLimiter<K> implements RequeueLimiter<K> {

  private final List<RequeueLimiter<? super K>> limiters;

  MaxOfRequeueLimiter(List<RequeueLimiter<? super K>> limiters) {
    if (limiters.isEmpty()) {
      throw new IllegalArgumentException("RequeueLimiter: maxOf needs at least one limiter");
    }
    this.limiters = limiters;
  }

  @Override
  public Duration when(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    Duration longest = Duration.ZERO;
    for (RequeueLimiter<? super K> l : limiters) {
      Duration d = Objects.requireNonNull(l.when(key), "RequeueLimiter: a limiter returned null");
      if (d.compareTo(longest) > 0) longest = d;
    }
    return longest;
  }

  @Override
  public void forget(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    for (RequeueLimiter<? super K> l : limiters) l.forget(key);
  }

  @Override
  public int numRequeues(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    int max = 0;
    for (RequeueLimiter<? super K> l : limiters) max = Math.max(max, l.numRequeues(key));
    return max;
  }

  @Override
  public String toString() {
    return "RequeueLimiter.maxOf" + limiters;
  }
}
