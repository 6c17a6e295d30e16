package dev.weft.examples;

import dev.weft.flow.pool.PoolConfig;
import dev.weft.flow.pool.PoolMetrics;
import dev.weft.flow.pool.TaskHandle;
import dev.weft.flow.pool.WorkerPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker pool: a fixed number of workers take jobs from a queue, so M jobs run on N threads.
 *
 * <p>In Go you build it by hand: {@code jobs := make(chan Job, 100)}, N {@code go
 * worker(jobs, results)} loops, close the channel, wait on a {@code WaitGroup}. Here the same shape
 * is one {@link WorkerPool}: three workers, a bounded queue of 100, nine jobs. {@code submit} returns
 * a {@link TaskHandle} per job (the "results channel"), and {@code close()} is the "close(jobs) and
 * wait" step: it lets queued jobs finish, then every worker exits.
 *
 * <p>What to look for: the nine results in job order, at most 3 jobs at once, 3 workers for 9 jobs,
 * and metrics where every submitted job succeeded.
 */
final class WorkerPoolExample implements Example {

  private static final int WORKERS = 3;
  private static final int JOBS = 9;

  @Override
  public String name() {
    return "worker-pool";
  }

  @Override
  public String description() {
    return "a fixed number of workers process a queue of jobs: M jobs on N threads";
  }

  @Override
  public String goIdiom() {
    return "Go's `jobs := make(chan Job, 100)`, N `go worker(jobs, results)`, "
        + "`close(jobs)` and `wg.Wait()`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    PoolConfig config = PoolConfig.defaults().withMaxWorkers(WORKERS).withBoundedQueue(100);
    PoolMetrics metrics;
    int workersSeen;
    try (WorkerPool pool = WorkerPool.create(config)) {
      out.println("pool: " + WORKERS + " workers, queue of 100, " + JOBS + " jobs");
      List<TaskHandle<String>> results = new ArrayList<>();
      for (int job = 1; job <= JOBS; job++) {
        int id = job;
        results.add(
            pool.submit(
                () -> {
                  maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  try {
                    Thread.sleep(Duration.ofMillis(30)); // the work
                    return "job " + id + " -> " + id * id;
                  } finally {
                    running.decrementAndGet();
                  }
                }));
      }
      for (TaskHandle<String> r : results) out.println("  " + r.await());
      workersSeen = pool.metrics().workers();
      metrics = pool.metrics();
    } // close(): no new jobs, queued ones finish, workers exit
    out.println("at most " + maxRunning.get() + " jobs at once, on " + workersSeen + " workers");
    out.println(
        "metrics: submitted=" + metrics.submitted() + " succeeded=" + metrics.succeeded()
            + " failed=" + metrics.failed() + " dropped=" + metrics.dropped());
  }
}
