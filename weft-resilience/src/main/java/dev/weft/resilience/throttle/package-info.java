/**
 * Shaping streams of events in time: {@link dev.weft.resilience.throttle.Debouncer} calls back
 * once a burst has gone quiet (trailing, leading or both edges, with an optional maximum wait),
 * {@link dev.weft.resilience.throttle.Throttler} calls back at most once per interval, and {@link
 * dev.weft.resilience.throttle.Throttle} applies the same rules to channels.
 *
 * <p>These are not {@link dev.weft.resilience.Policy policies}: they do not guard a call made by
 * the caller, they decide when a callback (or a receiver) sees the events the caller submits. The
 * callbacks run on virtual threads weft starts and tracks; time comes from an injected {@link
 * dev.weft.time.Clock}.
 *
 * <p>Happens-before terms are those of {@link dev.weft.resilience}.
 */
package dev.weft.resilience.throttle;
