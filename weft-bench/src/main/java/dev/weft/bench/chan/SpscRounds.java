package dev.weft.bench.chan;

/**
 * Not a JMH benchmark: a probe for ADR 0011. One virtual-thread producer sends {@code messages}
 * into a channel of {@code capacity} (0: {@code Channel.unbuffered()}) and one virtual-thread
 * consumer receives them, {@code rounds} times in one JVM; it prints the last half of the rounds
 * in ns per message, so that the level each round settles at shows, which a JMH mean hides.
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.chan.SpscRounds [capacity [messages [rounds]]]
 * </pre>
 *
 * Defaults: capacity 16, 1,000,000 messages, 10 rounds. Add {@code
 * -Djdk.virtualThreadScheduler.parallelism=1} to see the pair on one carrier.
 */
public final class SpscRounds {

  private SpscRounds() {}

  public static void main(String[] args) throws Exception {
    int capacity = args.length > 0 ? capacity(args[0]) : 16;
    int messages = args.length > 1 ? positive("messages", args[1]) : 1_000_000;
    int rounds = args.length > 2 ? positive("rounds", args[2]) : 10;
    StringBuilder out = new StringBuilder("capacity " + capacity + ", ns per message:");
    for (int r = 0; r < rounds; r++) {
      Pipe pipe = Pipe.of("weft", capacity);
      long start = System.nanoTime();
      Shapes.spsc(pipe, messages); // the JMH shape's own loop
      long elapsed = System.nanoTime() - start;
      if (r >= rounds / 2) out.append(String.format(" %.1f", (double) elapsed / messages));
    }
    System.out.println(out);
  }

  private static int capacity(String value) {
    if (value.equals("0")) return 0;
    try {
      return positive("capacity", value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("capacity must be 0 or a positive integer, was " + value, e);
    }
  }

  static int positive(String name, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive integer, was " + value, e);
    }
    if (n <= 0) throw new IllegalArgumentException(name + " must be a positive integer, was " + n);
    return n;
  }
}
