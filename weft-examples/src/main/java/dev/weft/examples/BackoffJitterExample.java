package dev.weft.examples;

import dev.weft.time.Backoff;
import dev.weft.time.Jitter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exponential back-off with jitter: the delays of the three jitter kinds side by side.
 *
 * <p>After a failure, a client waits before retrying, longer each time: {@code b(n) = min(cap,
 * base * 2^n)}. If many clients failed together, plain exponential back-off brings them back
 * together, again and again (a retry storm). Jitter spreads them out (Marc Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog):
 *
 * <ul>
 *   <li>full: a random delay in {@code [0, b(n)]}; spreads most and waits least in total;
 *   <li>equal: {@code b(n)/2} plus a random part up to {@code b(n)/2}; never retries too soon;
 *   <li>decorrelated: random in {@code [base, 3 * previous delay]}, capped; grows from the last
 *       delay rather than from {@code n}.
 * </ul>
 *
 * <p>The policy is an immutable {@link Backoff} value; each retry loop takes its own {@link
 * Backoff.Sequence}. With {@code withSeed(42)} the random numbers, and so the table, are the same
 * on every run: useful in tests and to replay a run. (In production leave the seed out, or the
 * clients would all draw the same "random" delays.)
 *
 * <p>What to look for: the {@code none} column doubles up to the 2,000 ms cap; {@code full} is
 * anywhere below it, {@code equal} in its upper half, {@code decorrelated} wanders; the totals.
 */
final class BackoffJitterExample implements Example {

  private static final int RETRIES = 8;
  private static final List<Jitter> KINDS =
      List.of(Jitter.NONE, Jitter.FULL, Jitter.EQUAL, Jitter.DECORRELATED);

  @Override
  public String name() {
    return "backoff-jitter";
  }

  @Override
  public String description() {
    return "exponential back-off delays with full, equal and decorrelated jitter, side by side";
  }

  @Override
  public String goIdiom() {
    return "a Go retry loop that sleeps `min(cap, base<<n)` plus random jitter before each retry";
  }

  @Override
  public void run(PrintStream out) {
    Backoff policy = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).withSeed(42);
    out.println("base 100 ms, doubling, cap 2000 ms, seed 42; delays in ms:");

    List<List<Long>> columns = new ArrayList<>();
    for (Jitter kind : KINDS) columns.add(delays(policy.withJitter(kind)));

    StringBuilder header = new StringBuilder(String.format("  %-5s", "retry"));
    for (Jitter kind : KINDS) header.append(String.format("%14s", kind.name().toLowerCase(Locale.ROOT)));
    out.println(header);
    for (int n = 0; n < RETRIES; n++) {
      StringBuilder row = new StringBuilder(String.format("  %-5d", n));
      for (List<Long> column : columns) row.append(String.format("%14d", column.get(n)));
      out.println(row);
    }
    StringBuilder total = new StringBuilder(String.format("  %-5s", "total"));
    for (List<Long> column : columns) {
      total.append(String.format("%14d", column.stream().mapToLong(Long::longValue).sum()));
    }
    out.println(total);
    boolean same = delays(policy.withJitter(Jitter.FULL)).equals(columns.get(1));
    out.println("same seed, same delays: " + same);
  }

  /** The first RETRIES delays of a new sequence, in milliseconds. */
  private static List<Long> delays(Backoff policy) {
    Backoff.Sequence sequence = policy.start();
    List<Long> millis = new ArrayList<>();
    for (int n = 0; n < RETRIES; n++) millis.add(sequence.next().orElseThrow().toMillis());
    return millis;
  }
}
