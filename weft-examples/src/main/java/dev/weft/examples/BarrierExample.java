package dev.weft.examples;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.sync.Barrier;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;

/**
 * A phased simulation: workers compute one step each, wait at a barrier until all have finished
 * the step, and go on together; one worker that gives up breaks the step for everyone.
 *
 * <p>Four workers each own one cell of a rod whose heat spreads. In each step a worker reads the
 * current temperatures of its cell and its neighbours and writes its cell's next temperature into
 * a second buffer. Nobody may start step {@code k+1} before every cell of step {@code k} is
 * written, or it would read a half-updated rod. {@code barrier.await(ctx)} is that line; the
 * barrier action, run by the last worker to arrive before anyone is released, swaps the buffers
 * and prints the rod. Go has no cyclic barrier: there the loop would start a {@code WaitGroup} (or
 * an {@code errgroup}) per step; {@link Barrier} keeps the same workers across steps.
 *
 * <p>Part 2: in its second step, worker 3 finds its cell diverged and cancels its context before
 * it arrives. Its {@code await} throws {@code ContextCancelledException} and breaks the
 * generation: the others get a {@code BrokenBarrierException} (whether they were waiting already
 * or arrived later) instead of waiting forever for a worker that will never come. {@code reset()}
 * makes the barrier usable again.
 *
 * <p>What to look for: one line per step, printed by the action; the arrival indexes 0 to 3; in
 * part 2, every worker stops in the same step, three with the broken barrier and worker 3 with its
 * cause.
 */
final class BarrierExample implements Example {

  private static final int WORKERS = 4;

  /** The rod: two buffers, swapped by the barrier action; each cell written by one worker. */
  private static final class Rod {
    int[] cur = {0, 0, 0, 90};
    int[] next = new int[WORKERS];
    int step;

    void compute(int i) {
      int left = cur[Math.max(i - 1, 0)];
      int right = cur[Math.min(i + 1, WORKERS - 1)];
      next[i] = (left + cur[i] + right) / 3;
    }

    void swap(PrintStream out) {
      int[] t = cur;
      cur = next;
      next = t;
      step++;
      out.println("  after step " + step + ": " + Arrays.toString(cur));
    }
  }

  @Override
  public String name() {
    return "barrier";
  }

  @Override
  public String description() {
    return "workers step a simulation together at a cyclic barrier; one that gives up breaks the step";
  }

  @Override
  public String goIdiom() {
    return "the per-step `sync.WaitGroup` loop Go uses in place of a cyclic barrier, stopped by `ctx.Done()`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Rod rod = new Rod();
    Barrier barrier = new Barrier(WORKERS, () -> rod.swap(out));

    // Part 1: three steps in lockstep.
    out.println("part 1: " + WORKERS + " workers, 3 steps, rod " + Arrays.toString(rod.cur));
    int[] firstIndexes = new int[WORKERS];
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      WaitGroup workers = new WaitGroup();
      for (int w = 0; w < WORKERS; w++) {
        int me = w;
        workers.go(() -> {
          for (int s = 0; s < 3; s++) {
            rod.compute(me);
            int index = barrier.await(ctx);
            if (s == 0) firstIndexes[me] = index;
          }
        });
      }
      workers.await();
    }
    Arrays.sort(firstIndexes);
    out.println("  arrival indexes in step 1: " + Arrays.toString(firstIndexes));

    // Part 2: worker 3 gives up in its second step; the generation breaks for everyone.
    out.println("part 2: worker 3 gives up in its second step");
    String[] outcome = new String[WORKERS];
    try (CancelContext shared = Context.withCancel(Context.background());
        CancelContext mine = Context.withCancel(shared)) {
      WaitGroup workers = new WaitGroup();
      for (int w = 0; w < WORKERS; w++) {
        int me = w;
        Context ctx = me == 2 ? mine : shared;
        workers.go(() -> {
          int s = 0;
          try {
            for (s = 1; s <= 3; s++) {
              rod.compute(me);
              if (me == 2 && s == 2) mine.cancel(new IllegalStateException("cell 3 diverged"));
              barrier.await(ctx);
            }
            outcome[me] = "finished";
          } catch (ContextCancelledException e) {
            outcome[me] = "gave up in its step " + s + ": " + e.getMessage();
          } catch (BrokenBarrierException e) {
            outcome[me] = "stopped in its step " + s + ": " + e.getMessage();
          }
        });
      }
      workers.await();
    }
    for (int w = 0; w < WORKERS; w++) out.println("  worker " + (w + 1) + ": " + outcome[w]);
    out.println("  broken: " + barrier.isBroken());
    barrier.reset();
    out.println("  after reset(): broken: " + barrier.isBroken() + ", rod at step " + rod.step);
  }
}
