package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fair select picks uniformly among ready clauses (each wins its share within a bound that a
 * correct implementation exceeds with probability below 1e-9); a biased select always picks the
 * first ready clause in the order added.
 */
@Timeout(60)
class SelectFairnessTest {

  private static final int ROUNDS = 10_000;
  private static final double FAILURE_PROBABILITY = 1e-9;

  /**
   * The largest deviation of one clause's count from {@code rounds / k} that we tolerate. By
   * Hoeffding's inequality, P(|X - n/k| >= t) <= 2 exp(-2 t^2 / n) for each clause; over k clauses
   * (union bound) the test fails by chance with probability at most 2k exp(-2 t^2 / n) =
   * FAILURE_PROBABILITY. For n = 10,000 and k = 2 that is 333 (each share within 46.67%..53.33%).
   */
  static long tolerance(int rounds, int k) {
    return (long) Math.ceil(Math.sqrt(rounds * Math.log(2.0 * k / FAILURE_PROBABILITY) / 2));
  }

  private static void assertFair(int[] wins) {
    int k = wins.length;
    long expected = ROUNDS / k;
    long t = tolerance(ROUNDS, k);
    assertThat(Arrays.stream(wins).sum()).isEqualTo(ROUNDS);
    for (int i = 0; i < k; i++) {
      assertThat((long) wins[i])
          .as("wins of clause %d among %s (tolerance ±%d)", i, Arrays.toString(wins), t)
          .isBetween(expected - t, expected + t);
    }
  }

  @Test
  void toleranceMatchesTheDocumentedBound() {
    assertThat(tolerance(10_000, 2)).isEqualTo(333);
  }

  @Test
  void twoReadyReceiveClausesEachWinHalf() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    a.send(0);
    b.send(1);
    Select<Integer> select = new Select<Integer>().onReceive(a, v -> v).onReceive(b, v -> v);
    int[] wins = new int[2];
    for (int i = 0; i < ROUNDS; i++) {
      int w = select.select();
      wins[w]++;
      (w == 0 ? a : b).send(w); // both ready again
    }
    assertFair(wins);
  }

  @Test
  void twoReadySendClausesEachWinHalf() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Select<Integer> select = new Select<Integer>().onSend(a, 0, () -> 0).onSend(b, 1, () -> 1);
    int[] wins = new int[2];
    for (int i = 0; i < ROUNDS; i++) {
      int w = select.select();
      wins[w]++;
      assertThat((w == 0 ? a : b).receive()).isEqualTo(w);
    }
    assertFair(wins);
  }

  @Test
  void fourReadyClausesOfDifferentKindsEachWinAQuarter() throws InterruptedException {
    Channel<Integer> in = Channel.buffered(1);
    Channel<Integer> out = Channel.buffered(1);
    Channel<Integer> closed = Channel.unbuffered();
    closed.close();
    in.send(0);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      ctx.cancel();
      Select<Integer> select =
          new Select<Integer>()
              .onReceive(in, v -> 0)
              .onSend(out, 1, () -> 1)
              .onReceiveResult(closed, r -> 2)
              .onDone(ctx, () -> 3)
              .orElse(() -> -1);
      int[] wins = new int[4];
      for (int i = 0; i < ROUNDS; i++) {
        int w = select.select();
        wins[w]++;
        if (w == 0) in.send(0);
        if (w == 1) out.receive();
      }
      assertFair(wins);
    }
  }

  @Test
  void theSameChannelInTwoClausesSplitsItsValues() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    Select<Integer> select = new Select<Integer>().onReceive(ch, v -> 0).onReceive(ch, v -> 1);
    int[] wins = new int[2];
    for (int i = 0; i < ROUNDS; i++) {
      ch.send(i);
      wins[select.select()]++;
    }
    assertFair(wins);
  }

  @Test
  void biasedSelectAlwaysPicksTheFirstReadyClause() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Channel<Integer> c = Channel.buffered(1);
    Select<String> select =
        new Select<String>()
            .onReceive(a, v -> "a")
            .onReceive(b, v -> "b")
            .onReceive(c, v -> "c")
            .biased();
    a.send(1);
    b.send(1);
    c.send(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(select.select()).isEqualTo("a");
      a.send(1);
    }
    a.receive(); // a not ready: b is the first ready clause
    for (int i = 0; i < 1_000; i++) {
      assertThat(select.select()).isEqualTo("b");
      b.send(1);
    }
  }

  @Test
  void biasedOrderIsTheOrderTheClausesWereAdded() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Select<String> select = new Select<String>().onSend(b, 1, () -> "b").onSend(a, 1, () -> "a").biased();
    for (int i = 0; i < 1_000; i++) {
      assertThat(select.select()).isEqualTo("b");
      b.receive();
    }
  }

  @Test
  void biasedSelectStillFallsBackToDefaultAndWaits() throws InterruptedException {
    Channel<Integer> a = Channel.unbuffered();
    assertThat(new Select<String>().onReceive(a, v -> "a").orElse(() -> "default").biased().select())
        .isEqualTo("default");
  }
}
