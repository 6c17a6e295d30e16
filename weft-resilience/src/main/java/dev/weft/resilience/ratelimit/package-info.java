/**
 * Rate limiters: {@link dev.weft.resilience.ratelimit.RateLimiter}, the contract; {@link
 * dev.weft.resilience.ratelimit.TokenBucket}, a token bucket with one or several {@link
 * dev.weft.resilience.ratelimit.Bandwidth}s; {@link dev.weft.resilience.ratelimit.Gcra}, the
 * generic cell rate algorithm with the parameters and reply of Redis {@code CL.THROTTLE}; and
 * three window limiters: {@link dev.weft.resilience.ratelimit.FixedWindow} (at most a limit per
 * fixed window, lock-free), {@link dev.weft.resilience.ratelimit.SlidingLog} (at most a limit in
 * any interval of the window's length, exactly, with memory in proportion to the limit) and {@link
 * dev.weft.resilience.ratelimit.SlidingWindowCounter} (the two-counter estimate of a sliding
 * window, in constant memory, with a bounded over-admission).
 *
 * <p>Limiters that space permits out: {@link dev.weft.resilience.ratelimit.SmoothWarmUp}, which
 * starts slow after idling and warms up to its stable rate; and {@link
 * dev.weft.resilience.ratelimit.LeakyBucketQueue}, the leaky bucket as a bounded queue, which
 * refuses a request that would overfill it with {@link
 * dev.weft.resilience.ratelimit.QueueFullException}.
 *
 * <p>Every limiter offers the same family of operations: {@code tryAcquire} (never blocks),
 * {@code acquire} (blocking, interruptible, with a {@link dev.weft.context.Context}-aware form), a
 * timed {@code tryAcquire} that gives up at once when its turn would come too late, {@code decide}
 * (never blocks, returns a {@link dev.weft.resilience.ratelimit.Decision} carrying the {@code
 * Retry-After} delay) and {@code reserve} (takes permits ahead of time as a cancellable {@link
 * dev.weft.resilience.ratelimit.Reservation}). Waiters are served first come, first served, and a
 * waiter that gives up leaves the limiter as if it had never come.
 */
package dev.weft.resilience.ratelimit;
