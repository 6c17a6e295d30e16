/**
 * weft's functional vocabulary: the shapes of work that every weft module accepts, so that a
 * worker pool, a pipeline stage, a group and a resilience policy all take the same types instead
 * of one look-alike interface each.
 *
 * <p>Each is a {@code java.util.function} or {@link java.lang.Runnable} shape that may throw a
 * checked exception: throwing is how the work reports failure, as a Go function returns an
 * {@code error}. The caller that runs the work says what a failure does (fails the group, fails
 * the pipeline run, is retried, ...).
 *
 * <table class="striped">
 *   <caption>The types</caption>
 *   <thead>
 *     <tr><th>type</th><th>method</th><th>Go</th><th>used by</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.task.Task}</td><td>{@code void run()}</td>
 *         <td>{@code func() error}</td><td>{@code WaitGroup.go}, {@code ErrGroup.go}</td></tr>
 *     <tr><td>{@link dev.weft.task.ContextTask}</td><td>{@code T call(Context)}</td>
 *         <td>{@code func(ctx) (T, error)}</td><td>pool tasks that watch their own context</td></tr>
 *     <tr><td>{@link dev.weft.task.ThrowingFunction}</td><td>{@code R apply(T)}</td>
 *         <td>{@code func(T) (R, error)}</td><td>{@code WorkerPool.map}, pipeline {@code map}</td></tr>
 *     <tr><td>{@link dev.weft.task.ContextFunction}</td><td>{@code R apply(Context, T)}</td>
 *         <td>{@code func(ctx, T) (R, error)}</td><td>pipeline {@code mapWithContext}, {@code
 *         flatMapWithContext}</td></tr>
 *     <tr><td>{@link dev.weft.task.ThrowingConsumer}</td><td>{@code void accept(T)}</td>
 *         <td>{@code func(T) error}</td><td>pipeline {@code tap} and {@code forEach}</td></tr>
 *     <tr><td>{@link dev.weft.task.ThrowingPredicate}</td><td>{@code boolean test(T)}</td>
 *         <td>{@code func(T) (bool, error)}</td><td>pipeline {@code filter}</td></tr>
 *     <tr><td>{@link dev.weft.task.ContextConsumer}</td><td>{@code void accept(Context, T)}</td>
 *         <td>{@code func(ctx, T) error}</td><td>pipeline {@code tapWithContext}, {@code
 *         forEachWithContext}, dead-letter sinks</td></tr>
 *     <tr><td>{@link dev.weft.task.ContextPredicate}</td><td>{@code boolean test(Context, T)}</td>
 *         <td>{@code func(ctx, T) (bool, error)}</td><td>pipeline {@code filterWithContext}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A {@link java.util.concurrent.Callable} stays the type of a task that returns a value and
 * does not need its context.
 *
 * <p>This package sits above {@code dev.weft.context} (a {@code ContextTask} receives a {@code
 * Context}) and below everything that runs work: {@code dev.weft.sync} and weft-flow.
 */
package dev.weft.task;
