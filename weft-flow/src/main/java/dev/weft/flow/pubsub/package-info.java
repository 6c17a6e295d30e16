/**
 * Publish/subscribe and drop-oldest buffering.
 *
 * <ul>
 *   <li>{@link dev.weft.flow.pubsub.Broker}: topics; each subscriber has its own bounded buffer,
 *       its own {@link dev.weft.flow.pubsub.OverflowPolicy} and (push form) its own virtual
 *       thread, so a slow subscriber does not stall the others unless its policy is {@code BLOCK}.
 *   <li>{@link dev.weft.flow.pubsub.RingBuffer}: a bounded FIFO whose producers never wait; when
 *       full, the oldest element is evicted and counted.
 * </ul>
 *
 * <p>Blocking methods follow weft-core's conventions: interruptible, with a {@code Context} form,
 * results as {@link dev.weft.chan.ReceiveResult}, and a call that fails or gives up changes
 * nothing. <b>Happens-before terms</b> are those of {@code java.util.concurrent}; each class states
 * its edges under "Memory consistency effects".
 */
package dev.weft.flow.pubsub;
