/**
 * Synchronizers in Go's style: {@code WaitGroup}, {@code ErrGroup}, the actor group {@code
 * RunGroup}, weighted {@code Semaphore}, {@code SingleFlight}, {@code Once} (with {@code OnceValue}
 * and {@code OnceFunc}), the condition variable {@code Cond}, a cyclic {@code Barrier}, and the
 * object cache {@code Pool} (which never blocks). Every blocking method is interruptible and
 * has a {@code Context}-aware form; a cancelled or interrupted call leaves the synchronizer
 * unchanged, except that a {@code Barrier} party that gives up breaks its generation (the others
 * would otherwise wait for it forever).
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects".
 */
package dev.weft.sync;
