/**
 * Publish/subscribe: {@link dev.weft.flow.pubsub.Broker} keeps topics; each subscriber has its own
 * bounded buffer, its own {@link dev.weft.flow.pubsub.OverflowPolicy} and (push form) its own
 * virtual thread, so a slow subscriber does not stall the others unless its policy is {@code
 * BLOCK}. (A drop-oldest buffer on its own is {@code dev.weft.flow.queue.RingBuffer}.)
 *
 * <p>Blocking methods follow weft-core's conventions: interruptible, with a {@code Context} form,
 * results as {@link dev.weft.chan.ReceiveResult}, and a call that fails or gives up changes
 * nothing. <b>Happens-before terms</b> are those of {@code java.util.concurrent}; each class states
 * its edges under "Memory consistency effects".
 */
package dev.weft.flow.pubsub;
