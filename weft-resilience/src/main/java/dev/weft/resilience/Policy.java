package dev.weft.resilience;

import dev.weft.context.Context;
import dev.weft.task.ContextTask;

/**
 * A resilience policy: runs a call on the caller's thread, deciding whether, when and how often
 * it runs, and what the caller gets when it fails. Rate limiters, circuit breakers, retries,
 * bulkheads, timeouts and fallbacks all implement it, so one task type ({@link ContextTask})
 * passes through any of them and through a composition of them.
 *
 * <p>The task receives a context derived from {@code ctx} (a timeout policy, for instance, hands
 * it a context with a deadline); it should pass that context to the blocking calls it makes.
 *
 * <p>A policy that rejects a call without running it throws an exception of its own kind (a
 * limiter that would wait too long, an open breaker, a full bulkhead), documented by the policy.
 * An exception thrown by the task reaches the caller unchanged unless the policy says otherwise
 * (a retry attaches the earlier attempts' failures as suppressed).
 *
 * <p>Implementations are thread-safe: one policy instance guards the calls of many threads.
 */
public interface Policy {

  /**
   * Runs {@code task} under this policy.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context; when it is done, waiting inside the policy ends with a
   *     {@link dev.weft.context.ContextCancelledException} and the task is not started
   * @param task the call to guard
   * @return what the task returned
   * @throws InterruptedException if the calling thread is interrupted while the policy waits
   *     (before or between attempts); the interrupt is not swallowed
   * @throws Exception what the task threw, or the policy's own rejection
   * @throws NullPointerException if an argument is null
   */
  <T> T call(Context ctx, ContextTask<T> task) throws Exception;
}
