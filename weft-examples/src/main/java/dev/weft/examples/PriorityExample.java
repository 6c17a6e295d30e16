package dev.weft.examples;

import dev.weft.flow.queue.PriorityOptions;
import dev.weft.flow.queue.PriorityWorkQueue;
import java.io.PrintStream;
import java.util.List;

/**
 * Priority work without starvation: strict priority, plus a guaranteed minimum share of dequeues
 * for the lower levels.
 *
 * <p>In Go, a worker checks a {@code high} channel before {@code low} (strict priority), with a
 * known catch: if {@code high} is always full, {@code low} never runs. The usual fix is to check
 * {@code low} every 10th loop even if {@code high} has data. {@link PriorityWorkQueue} states that
 * fix as a guarantee: in every window of W dequeues, a level that has work throughout gets at
 * least its reserved number of them; the rest go strictly by priority.
 *
 * <p>Three levels, H (0, highest), N and L, each with a backlog of 100 jobs, one worker taking 30
 * jobs. First with strict priority only, then with a window of 10 where N is reserved 2 and L 1
 * (minimum shares 20 % and 10 %).
 *
 * <p>What to look for: the strict queue serves only H; with reservations every window of 10 is
 * {@code HHHHHHHNNL}, so L gets exactly its 10 % while H keeps the other 70 %. Reserved slots come
 * last in each window, so high-priority work is delayed only as much as the guarantee requires.
 */
final class PriorityExample implements Example {

  private static final String NAMES = "HNL";

  @Override
  public String name() {
    return "priority";
  }

  @Override
  public String description() {
    return "strict priority with a guaranteed minimum share for low priority (no starvation)";
  }

  @Override
  public String goIdiom() {
    return "Go's `select` on `high` before `low`, "
        + "giving `low` a turn every so often so it cannot starve";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    out.println("strict priority only:");
    serve(out, PriorityOptions.of(3));
    PriorityOptions fair = PriorityOptions.of(3).withWindow(10).withReserved(1, 2).withReserved(2, 1);
    out.println("window 10, N reserved 2 (>= 20%), L reserved 1 (>= 10%):");
    serve(out, fair);
    out.printf("guaranteed minimum shares: N %.0f%%, L %.0f%%%n",
        100 * fair.minimumShare(1), 100 * fair.minimumShare(2));
  }

  private static void serve(PrintStream out, PriorityOptions options) throws InterruptedException {
    PriorityWorkQueue<String> queue = new PriorityWorkQueue<>(options);
    for (int i = 1; i <= 100; i++) {
      for (int level = 0; level < 3; level++) queue.put(level, NAMES.charAt(level) + "-" + i);
    }
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      String job = queue.take();
      order.append(job.charAt(0));
      if (i % 10 == 9) order.append(' ');
    }
    List<Long> counts = queue.dequeuedPerLevel();
    out.println("  order: " + order.toString().trim());
    out.println("  served H=" + counts.get(0) + " N=" + counts.get(1) + " L=" + counts.get(2)
        + " of 30; still queued " + queue.size());
    queue.close();
  }
}
