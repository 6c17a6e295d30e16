/**
 * Blocking queues for work and data that channels do not fit.
 *
 * <ul>
 *   <li>{@link dev.weft.flow.queue.RingBuffer}: a bounded FIFO whose producers never wait; when
 *       full, the oldest element is evicted and counted.
 *   <li>{@link dev.weft.flow.queue.PriorityWorkQueue}: levels served in strict priority order,
 *       except that each level can reserve a number of dequeues in every window of W dequeues
 *       ({@link dev.weft.flow.queue.PriorityOptions}), which bounds how long low-priority work can
 *       be starved: under continuous load it gets at least its reserved share.
 * </ul>
 *
 * <p><b>Verbs.</b> Each kind of thing in weft speaks its own family of verbs, so that a call site
 * says what it touches: Go's {@code send}/{@code receive}/{@code close} for channels; {@code
 * java.util.concurrent}'s {@code put}/{@code take}/{@code poll}/{@code offer} for queues; {@code
 * acquire}/{@code tryAcquire}/{@code release} for permits. The queues here follow the queue family:
 *
 * <ul>
 *   <li>{@code put} inserts, waiting for room if the queue can be full (a ring buffer never is: it
 *       evicts; an unbounded priority queue never is either);
 *   <li>{@code offer} inserts only if there is room now, never waits, and reports whether it did;
 *   <li>{@code take} removes, waiting for an element; {@code takeResult} is the same wait reporting
 *       "closed" and "cancelled" as a {@link dev.weft.chan.ReceiveResult} instead of throwing;
 *   <li>{@code poll} removes without waiting, or waiting at most a timeout;
 *   <li>{@code close} is the one channel verb they share, with the channel's meaning: no more
 *       puts, takers drain what is queued and then see "closed".
 * </ul>
 *
 * <p>Blocking methods follow weft-core's conventions: interruptible, with a {@code Context} form,
 * results as {@link dev.weft.chan.ReceiveResult}, and a call that fails or gives up changes
 * nothing. <b>Happens-before terms</b> are those of {@code java.util.concurrent}; each class states
 * its edges under "Memory consistency effects".
 */
package dev.weft.flow.queue;
