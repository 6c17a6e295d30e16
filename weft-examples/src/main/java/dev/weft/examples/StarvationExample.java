package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import java.io.PrintStream;

/**
 * Starvation: a biased select never serves a channel while the one before it is always ready.
 *
 * <p>Two queues, {@code a} and {@code b}, both hold more jobs than a consumer takes, so both are
 * ready at every turn. Three consumers take 1,000 jobs each:
 *
 * <ul>
 *   <li>{@link Select#biased()} with {@code a} first: {@code b} gets nothing. The double select of
 *       the {@code priority-select} example behaves the same way, by design.
 *   <li>The default, fair select: chooses at random among ready clauses (Go's rule), so each queue
 *       gets about half.
 *   <li>If {@code a} must keep its priority, the usual fix in Go: every 10th turn, look
 *       at {@code b} first. {@code b} is then guaranteed a tenth of the turns.
 * </ul>
 *
 * <p>What to look for: {@code b=0} for the biased select, two counts near 500 for the fair one,
 * and exactly {@code a=900 b=100} with the every-10th-turn fix.
 */
final class StarvationExample implements Example {

  private static final int TURNS = 1_000;

  @Override
  public String name() {
    return "starvation";
  }

  @Override
  public String description() {
    return "a biased select starves a channel; fair select and the every-10th-turn fix share";
  }

  @Override
  public String goIdiom() {
    return "Go's `select`, which picks at random among the ready cases";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    out.println("biased, a first:        " + consume(Mode.BIASED) + "   <- b starves");
    out.println("fair (default):         " + consume(Mode.FAIR));
    out.println("biased, b every 10th:   " + consume(Mode.EVERY_TENTH));
  }

  private enum Mode {
    BIASED,
    FAIR,
    EVERY_TENTH
  }

  private static String consume(Mode mode) throws InterruptedException {
    Channel<Integer> a = Channel.buffered(TURNS);
    Channel<Integer> b = Channel.buffered(TURNS);
    for (int i = 0; i < TURNS; i++) {
      a.send(i);
      b.send(i);
    }
    int[] counts = new int[2];
    Select<Integer> aFirst = new Select<Integer>().onReceive(a, v -> 0).onReceive(b, v -> 1);
    Select<Integer> bFirst = new Select<Integer>().onReceive(b, v -> 1).onReceive(a, v -> 0);
    if (mode != Mode.FAIR) {
      aFirst.biased();
      bFirst.biased();
    }
    for (int turn = 1; turn <= TURNS; turn++) {
      Select<Integer> select = mode == Mode.EVERY_TENTH && turn % 10 == 0 ? bFirst : aFirst;
      counts[select.select()]++;
    }
    return "a=" + counts[0] + " b=" + counts[1];
  }
}
