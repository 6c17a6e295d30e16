/**
 * Synchronizers in Go's style: {@code WaitGroup}, {@code ErrGroup}, weighted {@code Semaphore},
 * {@code SingleFlight}. Every blocking method is interruptible and has a {@code Context}-aware
 * form; a cancelled or interrupted call leaves the synchronizer unchanged.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects".
 */
package dev.weft.sync;
