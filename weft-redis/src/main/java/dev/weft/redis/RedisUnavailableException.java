package dev.weft.redis;

import java.io.Serial;

/**
 * Redis could not be asked in time: the connection was refused or lost, no reply came within the
 * timeout, no pooled connection was free within the timeout, or the circuit breaker is open and
 * Redis was not called at all. The limiters of this package do not let it out of a decision: they
 * apply their {@link RedisFailurePolicy} instead (only a fail-closed {@code reserve}, which cannot
 * refuse, throws it).
 */
public final class RedisUnavailableException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and the failure that caused it.
   *
   * @param message what failed
   * @param cause the client's exception, or {@code null} when Redis was not called
   */
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
