package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.flow.workqueue.RequeueLimiter;
import dev.weft.flow.workqueue.ReconcileResult;
import dev.weft.flow.workqueue.Reconciler;
import dev.weft.flow.workqueue.ReconcilerMetrics;
import dev.weft.flow.workqueue.ReconcilerOptions;
import dev.weft.flow.workqueue.WorkQueue;
import dev.weft.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Work queue and reconcile loop: a tiny Kubernetes-style controller (client-go's {@code workqueue}
 * with the sample controller's loop).
 *
 * <p>Three deployments have a desired and an actual replica count. Change events name a deployment;
 * they go into a {@link WorkQueue}, where duplicates collapse into one key. A {@link Reconciler}
 * with two workers takes keys and scales each deployment to its desired count:
 *
 * <ul>
 *   <li>{@code web} is scaled 1 to 3; while that runs, its desired count changes to 5 and the key
 *       is added again. The queue does not hand it to the second worker: it marks it dirty and
 *       queues it again when the first reconcile is done, so web is reconciled once more, 3 to 5;
 *   <li>{@code api} is already in sync;
 *   <li>{@code worker} fails once ("node not ready") and is retried after a 20 ms exponential
 *       back-off, then scaled 0 to 1.
 * </ul>
 *
 * <p>Each key's history is printed after the run, in a fixed order: the two workers run
 * concurrently, but a key is never reconciled by both at once, so each history is sequential and
 * the output is the same on every run.
 *
 * <p>What to look for: five events become three keys; web is reconciled twice, never in parallel;
 * worker's retry waited at least the back-off; the metrics count 4 reconciles, 1 error, 1 requeue.
 */
final class WorkQueueExample implements Example {

  private static final Duration BACKOFF = Duration.ofMillis(20);
  private static final List<String> KEYS = List.of("web", "api", "worker");

  @Override
  public String name() {
    return "work-queue";
  }

  @Override
  public String description() {
    return "a reconcile loop on a deduplicating work queue with per-key back-off (a tiny controller)";
  }

  @Override
  public String goIdiom() {
    return "client-go's `workqueue` and a controller's `processNextWorkItem` loop";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Map<String, Integer> desired = new ConcurrentHashMap<>(Map.of("web", 3, "api", 2, "worker", 1));
    Map<String, Integer> actual = new ConcurrentHashMap<>(Map.of("web", 1, "api", 2, "worker", 0));
    Map<String, List<String>> history = new ConcurrentHashMap<>();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Map<String, Long> failedAt = new ConcurrentHashMap<>();
    CountDownLatch settled = new CountDownLatch(1);

    WorkQueue<String> queue =
        WorkQueue.create(RequeueLimiter.exponential(BACKOFF, Duration.ofSeconds(1)), Clock.system());

    List<String> events = List.of("web", "api", "web", "worker", "web");
    events.forEach(queue::add);
    out.println(
        "events: "
            + String.join(", ", events)
            + " -> "
            + queue.len()
            + " keys queued (duplicates collapse)");

    Reconciler<String> reconciler =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              int attempt = attempts.merge(key, 1, Integer::sum);
              List<String> log = history.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
              if (key.equals("worker") && attempt == 1) {
                failedAt.put(key, System.nanoTime());
                log.add("#1 failed: node not ready -> requeued with back-off");
                throw new IOException("node not ready");
              }
              if (failedAt.containsKey(key)) {
                long waited = System.nanoTime() - failedAt.remove(key);
                log.add(
                    "#"
                        + attempt
                        + " retry after the back-off (waited >= "
                        + BACKOFF.toMillis()
                        + " ms: "
                        + (waited >= BACKOFF.toNanos())
                        + ")");
              }
              int want = desired.get(key);
              int have = actual.get(key);
              if (have == want) {
                log.add("#" + attempt + " in sync at " + have);
              } else {
                actual.put(key, want);
                log.add("#" + attempt + " scale " + have + " -> " + want);
              }
              if (key.equals("web") && attempt == 1) {
                // An event arrives while web is being reconciled: the key is marked dirty, not
                // handed to the other worker.
                desired.put("web", 5);
                queue.add("web");
                log.add("#1 event: desired is now 5; web added again while in flight (dirty)");
              }
              if (actual.equals(desired)) settled.countDown();
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults().withWorkers(2).withMaxRetries(3).withName("controller"));
    out.println("reconcile loop: 2 workers");

    boolean converged = settled.await(3, TimeUnit.SECONDS);
    reconciler.stop(); // graceful: finishes what is queued and in flight, joins the workers
    if (!converged) throw new IllegalStateException("work-queue: controller did not converge");

    out.println("history per key (each sequential: one worker per key at a time):");
    for (String key : KEYS) {
      for (String line : history.getOrDefault(key, List.of())) {
        out.printf("  %-7s %s%n", key + ":", line);
      }
    }
    out.println(
        "actual: "
            + new TreeMap<>(actual)
            + ", desired: "
            + new TreeMap<>(desired)
            + ", in sync: "
            + actual.equals(desired));
    ReconcilerMetrics m = reconciler.metrics();
    out.println(
        "metrics: reconciled="
            + m.reconciled()
            + ", errors="
            + m.errors()
            + ", requeued="
            + m.requeued()
            + ", dropped="
            + m.dropped());
    out.println("queue after stop: shut down=" + queue.isShuttingDown() + ", len=" + queue.len());
  }
}
