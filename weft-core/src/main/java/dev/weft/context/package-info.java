/**
 * Go's {@code context} package: a cancellation signal, a deadline and request-scoped values that
 * travel together across API boundaries and threads.
 *
 * <ul>
 *   <li>{@link dev.weft.context.Context}: the tree of contexts, from {@code background()} through
 *       {@code withCancel}, {@code withDeadline}/{@code withTimeout} (the earlier deadline wins),
 *       {@code withValue}, {@code withoutCancel} and {@code afterFunc}.
 *   <li>{@link dev.weft.context.CancelContext}: a context its owner can cancel, with or without a
 *       cause, and close to release it.
 *   <li>{@link dev.weft.context.ContextCancelledException} and {@link
 *       dev.weft.context.ContextError}: what a context-aware blocking call throws when its context
 *       is done first, and why the context is done (cancelled or deadline exceeded).
 *   <li>{@link dev.weft.context.ContextKey}: a typed key for {@code withValue}.
 * </ul>
 *
 * <p>Cancelling a context cancels its subtree; a cancelled child detaches from its parent.
 * Deadlines are measured on the {@code dev.weft.time.Clock} of the tree's root, so a test can
 * drive them with a {@code FakeClock}.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. {@link
 * dev.weft.context.Context} states its edges under "Memory consistency effects": actions before a
 * cancellation happen-before any action after observing the context done.
 *
 * <p><b>The one package cycle.</b> {@code dev.weft.context} and {@code dev.weft.chan} use each
 * other, on purpose: {@link dev.weft.context.Context#done()} is a {@code
 * dev.weft.chan.ReceiveChannel}, so it can be a {@code Select} clause, and channel operations
 * accept a context. It is the only cycle between weft-core's packages. Both sit on {@code
 * dev.weft.time} and {@code dev.weft.spi}, which use no other weft package; every context
 * implements {@code dev.weft.spi.ContextHooks.Target}, which is how blocking calls in other
 * packages are woken inline when a context is done.
 */
package dev.weft.context;
