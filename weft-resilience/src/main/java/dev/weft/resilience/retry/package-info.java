/**
 * Retries: {@link dev.weft.resilience.retry.Retry} runs a call again after a failure or an
 * unwanted result, waiting a {@link dev.weft.time.Backoff} delay between attempts, within an
 * attempt limit and a time limit that are finite by default, optionally drawing from a {@link
 * dev.weft.resilience.retry.RetryBudget} so that retries cannot multiply an outage.
 *
 * <ul>
 *   <li>{@link dev.weft.resilience.retry.Retry}: the policy and its counters;
 *   <li>{@link dev.weft.resilience.retry.RetryConfig}: limits, delays and what is retried;
 *   <li>{@link dev.weft.resilience.retry.RetryBudget}: retries as a share of recent calls;
 *   <li>{@link dev.weft.resilience.retry.RetriesExhaustedException}: a result still to be
 *       retried when no retry was left.
 * </ul>
 */
package dev.weft.resilience.retry;
