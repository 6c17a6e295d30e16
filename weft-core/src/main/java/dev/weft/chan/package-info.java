/**
 * Go's channels for virtual threads: typed conduits between threads, {@code select} over several
 * of them, and the time-based channels built on a clock.
 *
 * <ul>
 *   <li>{@link dev.weft.chan.Channel}: unbuffered (a rendezvous) or buffered; {@code send},
 *       {@code receive}, {@code close} as in Go, each blocking operation also in a {@code try}, a
 *       timed, a {@code Context}-aware and a non-throwing form whose result is a sealed {@link
 *       dev.weft.chan.SendResult} or {@link dev.weft.chan.ReceiveResult}. {@link
 *       dev.weft.chan.SendChannel} and {@link dev.weft.chan.ReceiveChannel} are its two halves.
 *   <li>{@link dev.weft.chan.Select}: waits for the first of several send and receive clauses,
 *       with default, timeout and context-done clauses; fair unless asked to be biased.
 *   <li>{@link dev.weft.chan.Timer} and {@link dev.weft.chan.Ticker}: Go's {@code time.Timer} and
 *       {@code time.Ticker} (Go 1.23 semantics) on an injectable {@code dev.weft.time.Clock}, and
 *       {@code Timer.sleep}, a sleep that also ends when a context is done.
 * </ul>
 *
 * <p><b>Blocking.</b> Every blocking operation is interruptible, wakes when its context is done
 * if given one, and leaves the channel unchanged when it gives up: a cancelled send delivered
 * nothing, a cancelled receive took nothing.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects"; for channels, a send happens-before
 * the receipt of that value, and a close happens-before a receive that reports the channel
 * closed.
 *
 * <p><b>The one package cycle.</b> {@code dev.weft.chan} and {@code dev.weft.context} use each
 * other, on purpose: a context's {@code done()} is a {@link dev.weft.chan.ReceiveChannel}, so it
 * can be a {@link dev.weft.chan.Select} clause, and channel operations accept a context. It is the
 * only cycle between weft-core's packages; both sit on {@code dev.weft.time} and {@code
 * dev.weft.spi}, which use no other weft package, and {@code dev.weft.sync} sits on all of them.
 */
package dev.weft.chan;
