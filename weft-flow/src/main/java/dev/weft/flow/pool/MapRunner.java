package dev.weft.flow.pool;

import dev.weft.task.ThrowingFunction;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.ContextCancelledException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/** {@link WorkerPool#map} and friends, on a {@link ResultGroup}. */
final class MapRunner {

  private MapRunner() {}

  static <T, R> List<R> mapIterable(
      WorkerPool pool, Iterable<? extends T> items, ThrowingFunction<? super T, ? extends R> f, boolean ordered)
      throws InterruptedException, ExecutionException {
    Objects.requireNonNull(items, "WorkerPool: items is null");
    Objects.requireNonNull(f, "WorkerPool: function is null");
    ResultGroup<R> g = pool.group();
    try {
      for (T item : items) {
        if (g.context().isDone()) break;
        g.submit(() -> f.apply(item));
      }
    } catch (ContextCancelledException e) {
      // a task failed while we were submitting: await reports it
    } catch (InterruptedException | RuntimeException | Error e) {
      g.cancelAndJoin();
      throw e;
    }
    return finish(g, ordered);
  }

  static <T, R> List<R> mapChannel(
      WorkerPool pool,
      ReceiveChannel<? extends T> items,
      ThrowingFunction<? super T, ? extends R> f,
      boolean ordered)
      throws InterruptedException, ExecutionException {
    Objects.requireNonNull(items, "WorkerPool: items is null");
    Objects.requireNonNull(f, "WorkerPool: function is null");
    ResultGroup<R> g = pool.group();
    try {
      while (true) {
        ReceiveResult<? extends T> r = items.receiveResult(g.context());
        if (!r.isValue()) break; // closed, or the group failed
        T item = r.value();
        g.submit(() -> f.apply(item));
      }
    } catch (ContextCancelledException e) {
      // a task failed while we were submitting: await reports it
    } catch (InterruptedException | RuntimeException | Error e) {
      g.cancelAndJoin();
      throw e;
    }
    return finish(g, ordered);
  }

  private static <R> List<R> finish(ResultGroup<R> g, boolean ordered)
      throws InterruptedException, ExecutionException {
    try {
      return ordered ? g.await() : g.awaitInCompletionOrder();
    } catch (InterruptedException e) {
      g.cancelAndJoin();
      throw e;
    }
  }
}
