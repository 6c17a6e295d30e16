package dev.weft.bench.flow;

import dev.weft.flow.pool.PoolConfig;
import dev.weft.flow.pool.WorkerPool;
import dev.weft.task.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** weft's {@link WorkerPool} in the task shapes: unbounded queue, workers kept for the trial. */
final class WeftPool implements Executors.Bounded {
  private final WorkerPool pool;

  WeftPool(int concurrency) {
    pool =
        WorkerPool.create(
            PoolConfig.defaults()
                .withMaxWorkers(concurrency)
                .withUnboundedQueue()
                .withIdleTimeout(Duration.ofMinutes(10)));
  }

  @Override
  public long runAll(int tasks, Consumer<LongAdder> body) throws InterruptedException {
    LongAdder done = new LongAdder();
    CountDownLatch end = new CountDownLatch(tasks);
    Task task = // one task object for the batch, as the JDK executors get one Runnable
        () -> {
          try {
            body.accept(done);
          } finally {
            end.countDown();
          }
        };
    for (int i = 0; i < tasks; i++) pool.go(task);
    end.await();
    return Executors.check(done, tasks);
  }

  @Override
  public void close() {
    pool.close();
  }
}
