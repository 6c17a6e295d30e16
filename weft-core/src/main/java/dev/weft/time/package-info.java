/**
 * Time as an injectable dependency, and back-off policies.
 *
 * <ul>
 *   <li>{@link dev.weft.time.Clock}: monotonic and wall-clock time plus one-shot delayed actions;
 *       {@link dev.weft.time.Clock#system()} in production.
 *   <li>{@link dev.weft.time.FakeClock}: a clock that moves only when a test advances it, running
 *       due actions and waking sleepers on the advancing thread; {@code awaitPending} lets a test
 *       wait until the code under test has registered its timers.
 *   <li>{@link dev.weft.time.Backoff} and {@link dev.weft.time.Jitter}: immutable retry-delay
 *       policies (constant, exponential, with AWS-style jitter and stop conditions) and their
 *       per-use {@link dev.weft.time.Backoff.Sequence}.
 * </ul>
 *
 * <p>Timers and tickers built on a clock are {@code dev.weft.chan.Timer} and {@code
 * dev.weft.chan.Ticker} (and a sleep that also ends when a context is done is {@code
 * Timer.sleep(Clock, Duration, Context)}); contexts measure deadlines on their root's clock.
 *
 * <p><b>Ground floor.</b> This package uses no other weft package, so every other package can
 * depend on it without forming a cycle.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects".
 */
package dev.weft.time;
