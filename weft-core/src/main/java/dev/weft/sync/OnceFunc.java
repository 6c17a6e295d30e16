package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.task.Task;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * A task that runs its action only the first time it is run, and gives every run the same outcome:
 * Go 1.21's {@code sync.OnceFunc}. Made by {@link Once#func(Task)}.
 *
 * <p><b>Mental model.</b> A {@link OnceValue} without a value. The first {@link #run()} runs the
 * action on its own thread; runs that arrive meanwhile wait for it; every later run returns at
 * once, or, if the action failed, throws that failure again. It is a {@link Task} itself, so it
 * can be handed to {@link WaitGroup#go(Task)}, {@link ErrGroup#go(Task)} or a pool.
 *
 * <pre>{@code
 * OnceFunc migrate = Once.func(() -> schema.migrate());
 * ErrGroup g = new ErrGroup();
 * for (Shard s : shards) {
 *   g.go(() -> { migrate.run(); s.serve(); });   // every shard waits for the one migration
 * }
 * g.await();   // fails with the migration's failure if it failed, however many shards ran it
 * }</pre>
 *
 * <p><b>Failures are remembered</b> as by {@link OnceValue}: if the action throws, every {@code
 * run}, concurrent or later, throws a new {@link ExecutionException} whose cause is that same
 * exception object; the caller that ran an action that threw {@link InterruptedException} receives
 * it as is. Compare {@link Once#run(Task)}, where only the caller that ran the action sees its
 * failure.
 *
 * <p><b>Waiting</b> is as for {@link OnceValue}: interruptible, {@link #run(Context)} also gives up
 * when its context is done, and a run after the outcome is known never waits and ignores the
 * interrupt status. Running it from inside its own action throws {@link IllegalStateException}.
 *
 * <p><b>Memory consistency effects:</b> everything the action did <i>happens-before</i> actions
 * following the return (or throw of its failure) of every {@code run} in any thread.
 *
 * <p>All methods are thread-safe.
 */
public final class OnceFunc implements Task {

  private final OnceValue<Void> once;

  OnceFunc(Task action) {
    Objects.requireNonNull(action, "OnceFunc: action is null");
    this.once =
        new OnceValue<>(
            () -> {
              action.run();
              return null;
            });
  }

  /**
   * Runs the action if this is the first run; otherwise waits for the first run to finish, or
   * returns at once if it has, and repeats its outcome.
   *
   * <p>A run that waits wakes when the action finishes, or on interrupt.
   *
   * @throws ExecutionException if the action threw (now or on an earlier run): its cause is what
   *     the action threw, the same object for every run
   * @throws InterruptedException if interrupted on entry (when the action has not finished) or
   *     while waiting; or if this run ran the action and it threw {@code InterruptedException}
   * @throws IllegalStateException if called from inside the action
   */
  @Override
  public void run() throws InterruptedException, ExecutionException {
    once.get();
  }

  /**
   * Like {@link #run()}, but a run that waits for the action also gives up when {@code ctx} is
   * done. The context is not given to the action and does not stop it.
   *
   * @param ctx bounds the wait; the call gives up when it is done
   * @throws ExecutionException if the action threw, as for {@link #run()}
   * @throws ContextCancelledException if {@code ctx} is done on entry (when the action has not
   *     finished; then it is not run) or while waiting
   * @throws InterruptedException as for {@link #run()}
   * @throws IllegalStateException if called from inside the action
   * @throws NullPointerException if {@code ctx} is null
   */
  public void run(Context ctx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(ctx, "OnceFunc: context is null");
    once.get(ctx);
  }

  /**
   * Whether the action has finished (returned or thrown). Never blocks.
   *
   * @return {@code true} once the action has finished
   */
  public boolean isDone() {
    return once.isDone();
  }

  @Override
  public String toString() {
    if (!once.isDone()) return "OnceFunc[not done]";
    Throwable f = once.failure();
    return f == null ? "OnceFunc[done]" : "OnceFunc[failed: " + f + "]";
  }
}
