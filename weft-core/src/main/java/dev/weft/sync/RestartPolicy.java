package dev.weft.sync;

import dev.weft.time.Backoff;
import java.util.Objects;

/**
 * How a {@link RunGroup} restarts an actor that fails: after a back-off delay, at most {@code
 * maxRestarts} times over the group's run. An immutable, validated value.
 *
 * <p>The delay before restart {@code n} (0-based) is {@link Backoff#delay(int) backoff.delay(n)},
 * slept on the clock of the group's context; the back-off's own limits ({@code maxAttempts},
 * {@code maxElapsed}) are not consulted: {@code maxRestarts} is the one limit. A new {@link
 * #defaults()} policy uses {@link Backoff#defaults()} and allows 3 restarts.
 *
 * @param backoff maps the number of restarts so far to the delay before the next one
 * @param maxRestarts how many times the actor may be restarted; {@code >= 0} ({@code 0}: never)
 */
public record RestartPolicy(Backoff backoff, int maxRestarts) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code maxRestarts} is negative
   * @throws NullPointerException if {@code backoff} is null
   */
  public RestartPolicy {
    Objects.requireNonNull(backoff, "RestartPolicy: backoff is null");
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("RestartPolicy: maxRestarts is negative: " + maxRestarts);
    }
  }

  /**
   * {@link Backoff#defaults()}, at most 3 restarts.
   *
   * @return the default policy
   */
  public static RestartPolicy defaults() {
    return new RestartPolicy(Backoff.defaults(), 3);
  }

  /**
   * This policy with another back-off.
   *
   * @param backoff the new back-off
   * @return a copy with {@code backoff}
   * @throws NullPointerException if {@code backoff} is null
   */
  public RestartPolicy withBackoff(Backoff backoff) {
    return new RestartPolicy(backoff, maxRestarts);
  }

  /**
   * This policy with another restart limit.
   *
   * @param maxRestarts how many times the actor may be restarted; {@code >= 0}
   * @return a copy with {@code maxRestarts}
   * @throws IllegalArgumentException if {@code maxRestarts} is negative
   */
  public RestartPolicy withMaxRestarts(int maxRestarts) {
    return new RestartPolicy(backoff, maxRestarts);
  }
}
