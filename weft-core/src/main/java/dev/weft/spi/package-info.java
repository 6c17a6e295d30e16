/**
 * weft's service-provider interface: the few hooks that weft's own modules (weft-flow, weft-test
 * and the modules to come) and integrators building primitives of their own need from weft-core,
 * and that do not belong in its API.
 *
 * <ul>
 *   <li>{@link dev.weft.spi.ContextHooks}: wake a blocked primitive, inline and without a thread,
 *       when a context is done; build the exception a blocking call throws for it.
 *   <li>{@link dev.weft.spi.ThreadRegistry}: start tracked threads, and list those still running
 *       (the leak detector in weft-test reads it reflectively).
 * </ul>
 *
 * <p><b>Not for application code.</b> This package is exported to every module so that weft's
 * own modules need no list of friends, but it is not part of weft's supported API: it may change
 * between minor versions. Applications start tracked threads with {@code dev.weft.sync.Threads}
 * and wait on contexts through the context-aware forms of the blocking calls.
 *
 * <p><b>Floor.</b> This package uses no other weft package (only JDK types cross it), so {@code
 * dev.weft.chan}, {@code dev.weft.context} and {@code dev.weft.sync} can all use it without a
 * package cycle. That is why {@link dev.weft.spi.ContextHooks} takes a context as an {@link
 * Object}: {@code dev.weft.context}'s implementation implements {@link
 * dev.weft.spi.ContextHooks.Target}, and the static methods find it by that interface.
 */
package dev.weft.spi;
