/**
 * Bulkheads: {@link dev.weft.resilience.bulkhead.Bulkhead} limits how many calls run at once, so
 * that a slow dependency ties up a bounded number of threads and callers; calls beyond the limit
 * wait their turn in FIFO order for at most a configured time, then are rejected with {@link
 * dev.weft.resilience.bulkhead.BulkheadFullException}. {@link
 * dev.weft.resilience.bulkhead.AdaptiveBulkhead} moves its limit with the dependency's health
 * (additive increase on fast successes, multiplicative decrease on errors and slow calls).
 */
package dev.weft.resilience.bulkhead;
