package dev.weft.flow.pool;

/**
 * What ends an idle period of a worker ({@link Worker.Idle}): a job handed to it, or one of the
 * {@link Worker.Signal}s.
 */
sealed interface IdleEnd permits Job, Worker.Signal {}
