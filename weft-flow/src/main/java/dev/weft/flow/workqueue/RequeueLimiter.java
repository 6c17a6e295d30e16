package dev.weft.flow.workqueue;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Decides how long a key waits before it is retried: the policy behind {@link
 * WorkQueue#requeue} (client-go's {@code workqueue.TypedRateLimiter}). It paces the retries of
 * one queue's keys; it is not a general-purpose rate limiter for calls.
 *
 * <p>Each call to {@link #when} counts as one more requeue of the key and returns the delay to wait
 * before adding it again; {@link #forget} resets the key's history (call it when the key was
 * processed successfully). Implementations are thread-safe and never block.
 *
 * <p>The factories give client-go's limiters:
 *
 * <ul>
 *   <li>{@link #exponential(Duration, Duration)}: per key, {@code base * 2^failures}, capped;
 *   <li>{@link #tokenBucket(double, int, Clock)}: overall, {@code qps} keys per second after a
 *       burst, shared by all keys;
 *   <li>{@link #maxOf}: the longest delay of several limiters;
 *   <li>{@link #defaultController()}: {@code maxOf(exponential(5 ms, 1000 s),
 *       tokenBucket(10 qps, burst 100))}.
 * </ul>
 *
 * @param <K> key type
 */
public interface RequeueLimiter<K> {

  /**
   * Records one more requeue of {@code key} and returns how long to wait before adding it again.
   *
   * @param key the key
   * @return a non-negative delay
   * @throws NullPointerException if {@code key} is null
   */
  Duration when(K key);

  /**
   * Forgets {@code key}'s requeues, so that its next delay starts over. Limiters that do not track
   * keys do nothing.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  void forget(K key);

  /**
   * How many times {@link #when} was called for {@code key} since it was last forgotten; 0 for
   * limiters that do not track keys.
   *
   * @param key the key
   * @return how many times {@link #when} was called for {@code key} since it was last forgotten; 0
   *     for limiters that do not track keys
   * @throws NullPointerException if {@code key} is null
   */
  int numRequeues(K key);

  /**
   * {@link #exponential(Duration, Duration)} from 5 ms up to 1000 s, client-go's defaults.
   *
   * @param <K> the type of the keys
   * @return a per-key exponential back-off from 5 ms up to 1000 s
   */
  static <K> RequeueLimiter<K> exponential() {
    return exponential(Duration.ofMillis(5), Duration.ofSeconds(1000));
  }

  /**
   * A per-key exponential back-off: the n-th consecutive requeue of a key (counting from 0) waits
   * {@code base * 2^n}, at most {@code max}. {@link #forget} resets the key.
   *
   * @param <K> the type of the keys
   * @param base the first delay
   * @param max the longest delay
   * @return a per-key exponential back-off: the n-th consecutive requeue of a key (counting from 0)
   *     waits {@code base * 2^n}, at most {@code max}
   * @throws IllegalArgumentException if {@code base} is not positive or {@code max < base}
   * @throws NullPointerException if an argument is null
   */
  static <K> RequeueLimiter<K> exponential(Duration base, Duration max) {
    return new ExponentialRequeueLimiter<>(base, max);
  }

  /**
   * A token bucket shared by all keys, on the system clock: see {@link #tokenBucket(double, int,
   * Clock)}.
   *
   * @param <K> the type of the keys
   * @param qps the overall rate in events per second
   * @param burst the most events allowed at once
   * @return a token bucket shared by all keys, on the system clock: see {@link #tokenBucket(double,
   *     int, Clock)}
   * @throws IllegalArgumentException if {@code qps} is not positive and finite or {@code burst < 1}
   */
  static <K> RequeueLimiter<K> tokenBucket(double qps, int burst) {
    return tokenBucket(qps, burst, Clock.system());
  }

  /**
   * A token bucket shared by all keys (golang.org/x/time/rate's reservations): the bucket holds up
   * to {@code burst} tokens, starts full and refills at {@code qps} tokens per second measured on
   * {@code clock}. Each {@link #when} takes a token, going into debt when none is left, and returns
   * how long until its token is paid for: the first {@code burst} calls get no delay, the next ones
   * are spaced {@code 1/qps} apart. Keys are not tracked ({@link #numRequeues} is 0). Computed on
   * each call; no thread.
   *
   * @param <K> the type of the keys
   * @param qps the overall rate in events per second
   * @param burst the most events allowed at once
   * @param clock the clock that measures time
   * @return a token bucket shared by all keys (golang.org/x/time/rate's reservations): the bucket
   *     holds up to {@code burst} tokens, starts full and refills at {@code qps} tokens per second
   *     measured on {@code clock}
   * @throws IllegalArgumentException if {@code qps} is not positive and finite or {@code burst < 1}
   * @throws NullPointerException if {@code clock} is null
   */
  static <K> RequeueLimiter<K> tokenBucket(double qps, int burst, Clock clock) {
    return new TokenBucketRequeueLimiter<>(qps, burst, clock);
  }

  /**
   * A limiter that consults every one of {@code limiters} and returns the longest delay; {@link
   * #numRequeues} is their maximum and {@link #forget} forgets in all of them.
   *
   * @param <K> the type of the keys
   * @param limiters the limiters to combine
   * @return a limiter that consults every one of {@code limiters} and returns the longest delay;
   *     {@link #numRequeues} is their maximum and {@link #forget} forgets in all of them
   * @throws IllegalArgumentException if no limiter is given
   * @throws NullPointerException if the array or an element is null
   */
  @SafeVarargs
  static <K> RequeueLimiter<K> maxOf(RequeueLimiter<? super K>... limiters) {
    Objects.requireNonNull(limiters, "RequeueLimiter: limiters is null");
    for (int i = 0; i < limiters.length; i++) {
      Objects.requireNonNull(limiters[i], "RequeueLimiter: limiters[" + i + "] is null");
    }
    return new MaxOfRequeueLimiter<K>(List.of(limiters));
  }

  /**
   * client-go's default: {@link #defaultController(Clock)} on the system clock.
   *
   * @param <K> the type of the keys
   * @return {@link #defaultController(Clock)} on the system clock
   */
  static <K> RequeueLimiter<K> defaultController() {
    return defaultController(Clock.system());
  }

  /**
   * client-go's {@code DefaultControllerRateLimiter}: the longer of a per-key exponential back-off
   * from 5 ms to 1000 s and an overall token bucket of 10 qps with a burst of 100 (on {@code
   * clock}), so that one failing key backs off alone while a storm of failures is also held to 10
   * retries per second.
   *
   * @param <K> the type of the keys
   * @param clock the clock that measures time
   * @return client-go's {@code DefaultControllerRateLimiter}: the longer of a per-key exponential
   *     back-off from 5 ms to 1000 s and an overall token bucket of 10 qps with a burst of 100 (on
   *     {@code clock}), so that one failing key backs off alone while a storm of failures is also
   *     held to 10 retries per second
   * @throws NullPointerException if {@code clock} is null
   */
  static <K> RequeueLimiter<K> defaultController(Clock clock) {
    return maxOf(exponential(), tokenBucket(10, 100, clock));
  }
}
