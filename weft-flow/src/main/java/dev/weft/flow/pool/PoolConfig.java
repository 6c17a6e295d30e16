package dev.weft.flow.pool;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration of a {@link WorkerPool}: an immutable value validated on construction. Start
 * from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * PoolConfig config = PoolConfig.defaults().withMaxWorkers(16).withBoundedQueue(100);
 * }</pre>
 *
 * <p>{@link #defaults()}: as many workers as processors, an unbounded queue, no limit on blocked
 * submitters, idle workers expire after 10 s, {@link FailurePolicy#FAIL_TASK}, the system clock.
 *
 * @param maxWorkers most tasks running at once; {@code > 0}
 * @param queueKind how waiting tasks are held
 * @param queueCapacity most waiting tasks: {@code > 0} for {@link QueueKind#BOUNDED}, {@code 0} for
 *     {@link QueueKind#ZERO}, {@link Integer#MAX_VALUE} for {@link QueueKind#UNBOUNDED}
 * @param maxBlockedSubmitters most submitters blocked at once waiting for room; one more is
 *     rejected with {@link RejectReason#TOO_MANY_BLOCKED_SUBMITTERS} instead of blocking; {@code >=
 *     0} ({@code 0}: a full pool never blocks, {@link Integer#MAX_VALUE}: no limit)
 * @param idleTimeout how long a worker waits for a task before it exits; {@code > 0}
 * @param failurePolicy what is done with a failed task's exception
 * @param failureHandler the callback of {@link FailurePolicy#HANDLER}; present exactly when that
 *     is the policy
 * @param clock the clock of idle expiry, retry delays, task timeouts and stop deadlines
 */
public record PoolConfig(
    int maxWorkers,
    QueueKind queueKind,
    int queueCapacity,
    int maxBlockedSubmitters,
    Duration idleTimeout,
    FailurePolicy failurePolicy,
    Optional<Consumer<Throwable>> failureHandler,
    Clock clock) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a component is out of the range stated above
   * @throws NullPointerException if a component is null
   */
  public PoolConfig {
    if (maxWorkers <= 0) {
      throw new IllegalArgumentException("PoolConfig: maxWorkers must be > 0, got " + maxWorkers);
    }
    Objects.requireNonNull(queueKind, "PoolConfig: queueKind is null");
    switch (queueKind) {
      case BOUNDED -> {
        if (queueCapacity <= 0) {
          throw new IllegalArgumentException(
              "PoolConfig: queueCapacity must be > 0 for a BOUNDED queue, got " + queueCapacity);
        }
      }
      case ZERO -> {
        if (queueCapacity != 0) {
          throw new IllegalArgumentException(
              "PoolConfig: queueCapacity must be 0 for a ZERO queue, got " + queueCapacity);
        }
      }
      case UNBOUNDED -> {
        if (queueCapacity != Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "PoolConfig: queueCapacity must be Integer.MAX_VALUE for an UNBOUNDED queue, got "
                  + queueCapacity);
        }
      }
    }
    if (maxBlockedSubmitters < 0) {
      throw new IllegalArgumentException(
          "PoolConfig: maxBlockedSubmitters must be >= 0, got " + maxBlockedSubmitters);
    }
    Objects.requireNonNull(idleTimeout, "PoolConfig: idleTimeout is null");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("PoolConfig: idleTimeout must be > 0, got " + idleTimeout);
    }
    Objects.requireNonNull(failurePolicy, "PoolConfig: failurePolicy is null");
    Objects.requireNonNull(failureHandler, "PoolConfig: failureHandler is null");
    if ((failurePolicy == FailurePolicy.HANDLER) != failureHandler.isPresent()) {
      throw new IllegalArgumentException(
          "PoolConfig: failureHandler must be present exactly when failurePolicy is HANDLER"
              + " (policy "
              + failurePolicy
              + ", handler "
              + (failureHandler.isPresent() ? "present" : "absent")
              + "); use withFailureHandler");
    }
    Objects.requireNonNull(clock, "PoolConfig: clock is null");
  }

  /**
   * Processors-many workers, unbounded queue, no blocked-submitter limit, 10 s idle timeout.
   *
   * @return processors-many workers, unbounded queue, no blocked-submitter limit, 10 s idle timeout
   */
  public static PoolConfig defaults() {
    return new PoolConfig(
        Runtime.getRuntime().availableProcessors(),
        QueueKind.UNBOUNDED,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        Duration.ofSeconds(10),
        FailurePolicy.FAIL_TASK,
        Optional.empty(),
        Clock.system());
  }

  /**
   * A copy with {@link #maxWorkers()} replaced; validated as by the constructor.
   *
   * @param maxWorkers the most workers that run at once
   * @return a copy with {@link #maxWorkers()} replaced; validated as by the constructor
   */
  public PoolConfig withMaxWorkers(int maxWorkers) {
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout, failurePolicy,
        failureHandler, clock);
  }

  /**
   * A copy with a {@link QueueKind#BOUNDED} queue of {@code capacity}.
   *
   * @param capacity the most tasks queued
   * @return a copy with a {@link QueueKind#BOUNDED} queue of {@code capacity}
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public PoolConfig withBoundedQueue(int capacity) {
    return withQueue(QueueKind.BOUNDED, capacity);
  }

  /**
   * A copy with a {@link QueueKind#ZERO} queue: direct hand-off.
   *
   * @return a copy with a {@link QueueKind#ZERO} queue: direct hand-off
   */
  public PoolConfig withDirectHandoff() {
    return withQueue(QueueKind.ZERO, 0);
  }

  /**
   * A copy with an {@link QueueKind#UNBOUNDED} queue.
   *
   * @return a copy with an {@link QueueKind#UNBOUNDED} queue
   */
  public PoolConfig withUnboundedQueue() {
    return withQueue(QueueKind.UNBOUNDED, Integer.MAX_VALUE);
  }

  private PoolConfig withQueue(QueueKind kind, int capacity) {
    return new PoolConfig(
        maxWorkers, kind, capacity, maxBlockedSubmitters, idleTimeout, failurePolicy,
        failureHandler, clock);
  }

  /**
   * A copy with {@link #maxBlockedSubmitters()} replaced; validated as by the constructor.
   *
   * @param maxBlockedSubmitters the most submitters that may wait for room at once
   * @return a copy with {@link #maxBlockedSubmitters()} replaced; validated as by the constructor
   */
  public PoolConfig withMaxBlockedSubmitters(int maxBlockedSubmitters) {
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout, failurePolicy,
        failureHandler, clock);
  }

  /**
   * A copy with {@link #idleTimeout()} replaced; validated as by the constructor.
   *
   * @param idleTimeout how long an idle worker waits before it ends
   * @return a copy with {@link #idleTimeout()} replaced; validated as by the constructor
   */
  public PoolConfig withIdleTimeout(Duration idleTimeout) {
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout, failurePolicy,
        failureHandler, clock);
  }

  /**
   * A copy with policy {@link FailurePolicy#FAIL_TASK} or {@link FailurePolicy#PROPAGATE}.
   *
   * @param policy what happens to the failures of fire-and-forget tasks
   * @return a copy with policy {@link FailurePolicy#FAIL_TASK} or {@link FailurePolicy#PROPAGATE}
   * @throws IllegalArgumentException if {@code policy} is {@link FailurePolicy#HANDLER}: use
   *     {@link #withFailureHandler}
   * @throws NullPointerException if {@code policy} is null
   */
  public PoolConfig withFailurePolicy(FailurePolicy policy) {
    Objects.requireNonNull(policy, "PoolConfig: failurePolicy is null");
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout, policy,
        Optional.empty(), clock);
  }

  /**
   * A copy with policy {@link FailurePolicy#HANDLER} calling {@code handler}.
   *
   * @param handler receives the failures of fire-and-forget tasks
   * @return a copy with policy {@link FailurePolicy#HANDLER} calling {@code handler}
   * @throws NullPointerException if {@code handler} is null
   */
  public PoolConfig withFailureHandler(Consumer<Throwable> handler) {
    Objects.requireNonNull(handler, "PoolConfig: failureHandler is null");
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout,
        FailurePolicy.HANDLER, Optional.of(handler), clock);
  }

  /**
   * A copy with {@link #clock()} replaced; validated as by the constructor.
   *
   * @param clock the clock that measures time
   * @return a copy with {@link #clock()} replaced; validated as by the constructor
   */
  public PoolConfig withClock(Clock clock) {
    return new PoolConfig(
        maxWorkers, queueKind, queueCapacity, maxBlockedSubmitters, idleTimeout, failurePolicy,
        failureHandler, clock);
  }
}
