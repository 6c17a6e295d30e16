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
    int capacity = args.length > 0 ? atLeast("SpscRounds", "capacity", args[0], 0) : 16;
    int messages = args.length > 1 ? atLeast("SpscRounds", "messages", args[1], 1) : 1_000_000;
    int rounds = args.length > 2 ? atLeast("SpscRounds", "rounds", args[2], 1) : 10;
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

  /** {@code value} as an int of at least {@code min}, or an error naming {@code tool} and the argument. */
  static int atLeast(String tool, String name, String value, int min) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          tool + ": " + name + " must be an integer >= " + min + ", was " + value, e);
    }
    if (n < min) {
      throw new IllegalArgumentException(tool + ": " + name + " must be >= " + min + ", was " + n);
    }
    return n;
  }
}
