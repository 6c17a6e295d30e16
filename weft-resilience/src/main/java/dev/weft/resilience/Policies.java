package dev.weft.resilience;

import dev.weft.context.Context;
import dev.weft.task.ContextTask;
import java.util.List;
import java.util.Objects;

/**
 * A composition of policies, itself a {@link Policy}: each policy wraps the next, the first given
 * outermost, and the task innermost.
 *
 * <p><b>Mental model.</b> {@code Policies.of(a, b, c).call(ctx, task)} is {@code a.call(ctx, c1
 * -> b.call(c1, c2 -> c.call(c2, task)))}: {@code a} decides whether and how often {@code b} runs,
 * {@code b} whether and how often {@code c} runs, and each hands the next the context it was
 * given or derived. The order is the one given, nothing is reordered.
 *
 * <p><b>The recommended order</b>, outermost first, as in Failsafe:
 *
 * <ol>
 *   <li>fallback: sees only the failure left after everything else (a {@code Fallback} is typed,
 *       so it wraps the composition through its task rather than being part of it);
 *   <li>retry: each attempt goes through everything below it again;
 *   <li>circuit breaker: counts every attempt, and an open breaker stops the retries cheaply;
 *   <li>rate limiter / bulkhead: every attempt asks for admission again;
 *   <li>timeout: bounds each attempt, not the whole retried call (put a timeout outside the
 *       retry, or give the caller's context a deadline, to bound the whole);
 *   <li>the call.
 * </ol>
 *
 * <pre>{@code
 * Policy guarded = Policies.of(retry, breaker, bulkhead, timeout);
 * Quote q = guarded.call(ctx, c -> quotes.fetch(c, symbol));
 * Quote orCached = lastQuote.call(ctx, c -> guarded.call(c, c2 -> quotes.fetch(c2, symbol)));
 * }</pre>
 *
 * <p>An empty composition runs the task directly with the caller's context. A composition holds
 * its policies, not copies: their state (a breaker's counts, a bulkhead's permits) is shared with
 * every other use of the same instances.
 *
 * <p><b>Memory consistency effects:</b> those of the policies composed.
 *
 * <p>Immutable and thread-safe if its policies are.
 */
public final class Policies implements Policy {

  private final Policy[] chain;

  private Policies(Policy[] chain) {
    this.chain = chain;
  }

  /**
   * A composition of {@code outermostFirst}, the first wrapping all the others.
   *
   * @param outermostFirst the policies, outermost first; may be empty
   * @return the composition
   * @throws NullPointerException if the array or one of its policies is null
   */
  public static Policies of(Policy... outermostFirst) {
    Objects.requireNonNull(outermostFirst, "Policies: policies is null");
    Policy[] chain = outermostFirst.clone();
    for (int i = 0; i < chain.length; i++) {
      Objects.requireNonNull(chain[i], "Policies: policy " + i + " is null");
    }
    return new Policies(chain);
  }

  /**
   * Runs {@code task} through every policy, the first outermost.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context, given to the outermost policy
   * @param task the call to guard, run by the innermost policy
   * @return what the task returned, through every policy
   * @throws Exception what the task threw, or a policy's rejection, as the policies pass it on
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "Policies: context is null");
    Objects.requireNonNull(task, "Policies: task is null");
    return call(0, ctx, task);
  }

  private <T> T call(int i, Context ctx, ContextTask<T> task) throws Exception {
    if (i == chain.length) return task.call(ctx);
    return chain[i].call(ctx, c -> call(i + 1, c, task));
  }

  /**
   * The policies, outermost first.
   *
   * @return an unmodifiable list of the policies
   */
  public List<Policy> policies() {
    return List.of(chain);
  }

  @Override
  public String toString() {
    return "Policies" + List.of(chain);
  }
}
