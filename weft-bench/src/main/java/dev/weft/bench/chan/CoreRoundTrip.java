package dev.weft.bench.chan;

/**
 * Not a JMH benchmark: a probe for ADR 0011. Two platform threads pass a counter back and forth
 * through two volatile fields and it prints ns per round trip: the floor under any hand-off between
 * two cores of this machine.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.chan.CoreRoundTrip [trips [rounds]]
 * </pre>
 *
 * Defaults: 5,000,000 round trips, 5 rounds.
 */
public final class CoreRoundTrip {

  private static volatile long ping;
  private static volatile long pong;

  private CoreRoundTrip() {}

  public static void main(String[] args) throws InterruptedException {
    int trips = args.length > 0 ? SpscRounds.atLeast("CoreRoundTrip", "trips", args[0], 1) : 5_000_000;
    int rounds = args.length > 1 ? SpscRounds.atLeast("CoreRoundTrip", "rounds", args[1], 1) : 5;
    for (int r = 0; r < rounds; r++) {
      ping = 0;
      pong = 0;
      Thread echo =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long i = 1; i <= trips; i++) {
                      while (ping != i) Thread.onSpinWait();
                      pong = i;
                    }
                  });
      long start = System.nanoTime();
      for (long i = 1; i <= trips; i++) {
        ping = i;
        while (pong != i) Thread.onSpinWait();
      }
      long elapsed = System.nanoTime() - start;
      echo.join();
      System.out.printf("round trip %.1f ns%n", (double) elapsed / trips);
    }
  }
}
