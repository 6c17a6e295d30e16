package dev.weft.examples;

import dev.weft.flow.pool.ResultGroup;
import dev.weft.flow.pool.TaskHandle;
import dev.weft.flow.pool.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * Results from a worker pool: a {@link ResultGroup} returns its tasks' results in submission order,
 * and its first error cancels the rest of the group (pond's result groups, conc's {@code
 * ResultPool}).
 *
 * <p>Part 1 "fetches" four pages whose latencies make them finish in reverse order; {@code
 * await()} still lists them as submitted. Part 2 has one task that fails while another is running
 * and three more wait in the queue: the failure cancels the group's context, the running task is
 * interrupted, the queued ones never start, and {@code await()} throws the failure itself.
 *
 * <p>What to look for: finishing order d, c, b, a but results a, b, c, d; then the error, one task
 * cancelled while running and three cancelled in the queue.
 */
final class WorkerPoolResultsExample implements Example {

  @Override
  public String name() {
    return "worker-pool-results";
  }

  @Override
  public String description() {
    return "result groups: results in submission order, the first error cancels the rest";
  }

  @Override
  public String goIdiom() {
    return "the result pools of Go's pond and conc: "
        + "results in submission order, the first error cancels the rest";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (WorkerPool pool = WorkerPool.create(4)) {
      inOrder(pool, out);
      firstError(out);
    }
  }

  private static void inOrder(WorkerPool pool, PrintStream out) throws Exception {
    out.println("part 1: four pages, the last one fastest");
    List<String> pages = List.of("a", "b", "c", "d");
    List<CountDownLatch> done = new ArrayList<>();
    for (int i = 0; i <= pages.size(); i++) done.add(new CountDownLatch(1));
    done.get(pages.size()).countDown(); // "d" may finish at once
    List<String> finishing = new java.util.concurrent.CopyOnWriteArrayList<>();
    ResultGroup<String> group = pool.group();
    for (int i = 0; i < pages.size(); i++) {
      int n = i;
      group.submit(
          () -> {
            done.get(n + 1).await(); // finish after the page submitted after me
            finishing.add(pages.get(n));
            done.get(n).countDown();
            return "page " + pages.get(n) + " (" + (n + 1) * 100 + " bytes)";
          });
    }
    List<String> results = group.await();
    out.println("  finished in order: " + String.join(", ", finishing));
    for (String r : results) out.println("  result: " + r);
  }

  private static void firstError(PrintStream out) throws Exception {
    out.println("part 2: one task fails while the others run or wait");
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<String> group = pool.group();
      CountDownLatch slowStarted = new CountDownLatch(1);
      TaskHandle<String> slow =
          group.submit(
              () -> {
                slowStarted.countDown();
                Thread.sleep(10_000); // interrupted by the group's cancellation
                return "slow";
              });
      slowStarted.await();
      CountDownLatch mayFail = new CountDownLatch(1);
      group.submit(
          () -> {
            mayFail.await();
            throw new IOException("backend unavailable");
          });
      List<TaskHandle<String>> queued = new ArrayList<>();
      for (int i = 0; i < 3; i++) queued.add(group.submit(() -> "never runs"));
      mayFail.countDown();
      try {
        group.await();
        out.println("  no error?");
      } catch (ExecutionException e) {
        out.println("  await threw: " + e.getCause());
      }
      out.println("  running task: " + slow.state());
      long cancelledQueued = queued.stream().filter(h -> h.outcome().isPresent() && !h.outcome().get().isSuccess()).count();
      out.println("  queued tasks cancelled: " + cancelledQueued + " of " + queued.size());
      out.println("  pool metrics: failed=" + pool.metrics().failed() + " cancelled=" + pool.metrics().cancelled());
    }
  }
}
