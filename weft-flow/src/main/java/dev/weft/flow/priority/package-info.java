/**
 * Priority work: {@link dev.weft.flow.priority.PriorityWorkQueue} serves levels in strict priority
 * order, except that each level can reserve a number of dequeues in every window of W dequeues
 * ({@link dev.weft.flow.priority.PriorityOptions}), which bounds how long low-priority work can be
 * starved: under continuous load it gets at least its reserved share.
 *
 * <p>Blocking methods follow weft-core's conventions: interruptible, with a {@code Context} form,
 * results as {@link dev.weft.chan.ReceiveResult}, and a call that fails or gives up changes
 * nothing. <b>Happens-before terms</b> are those of {@code java.util.concurrent}.
 */
package dev.weft.flow.priority;
