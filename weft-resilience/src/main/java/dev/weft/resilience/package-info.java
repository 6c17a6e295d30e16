/**
 * The contract every resilience policy implements, {@link dev.weft.resilience.Policy}: a policy
 * runs a call on the caller's thread, under the caller's {@link dev.weft.context.Context}, and
 * decides whether, when and how often it runs and what the caller gets when it fails.
 *
 * <p>Each kind of policy lives in a package of its own that depends on weft-core and this package
 * only (rate limiters, circuit breakers, retries, bulkheads, timeouts and fallbacks); the
 * policy packages do not import each other.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * policy states its edges under "Memory consistency effects".
 */
package dev.weft.resilience;
