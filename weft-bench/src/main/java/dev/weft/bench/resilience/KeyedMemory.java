package dev.weft.bench.resilience;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.KeyedRateLimiter;
import io.github.bucket4j.Bucket;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heap per key of a rate limit per key: fills {@link KeyedRateLimiter} with 1,000,000 keys (one
 * permit taken from each), and a {@code ConcurrentHashMap<Long, Bucket>} of Bucket4j local
 * lock-free buckets with the same limit (100 per second, greedy, capacity 100; one {@code
 * Bandwidth} shared by all buckets, Bucket4j's cheapest set-up), and divides the growth of the
 * heap after a full GC by the number of keys, best of 3. The {@code Long} keys are created before
 * the first measurement and live throughout, so neither figure includes them; both include the
 * hash table and its nodes. Writes a Markdown fragment for {@code resilience.md}.
 *
 * <pre>java -Xms2g -Xmx2g -cp benchmarks.jar dev.weft.bench.resilience.KeyedMemory [--keys N] [--out FILE]</pre>
 */
public final class KeyedMemory {

  private KeyedMemory() {}

  public static void main(String[] args) throws Exception {
    int keys = 1_000_000;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keys" -> keys = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("KeyedMemory: unknown option " + args[i]);
      }
    }
    Long[] ids = new Long[keys];
    for (int i = 0; i < keys; i++) ids[i] = 1_000_000_000L + i;
    double weft = Double.MAX_VALUE;
    double bucket4j = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      weft = Math.min(weft, weft(ids));
      bucket4j = Math.min(bucket4j, bucket4j(ids));
    }
    Reference.reachabilityFence(ids);
    String md =
        String.format(
            Locale.ROOT,
            """
            ## Memory per key of a keyed rate limiter

            Heap growth after a full GC with %,d keys, divided by the number of keys, best of 3
            (one permit taken per key; 100 per second, capacity 100). The `Long` keys are excluded
            from both figures; the hash table and its nodes are included in both.

            | what | bytes per key |
            |---|---:|
            | weft `KeyedRateLimiter<Long>` | %,.1f |
            | `ConcurrentHashMap<Long, Bucket>`, Bucket4j local lock-free bucket | %,.1f |
            | ratio weft / Bucket4j | %.2f |
            """,
            keys, weft, bucket4j, weft / bucket4j);
    System.out.print(md);
    if (out != null) Files.writeString(out, md);
  }

  private static double weft(Long[] ids) throws InterruptedException {
    long before = usedAfterGc();
    KeyedRateLimiter<Long> limiter =
        KeyedRateLimiter.of(
            dev.weft.time.Clock.system(),
            Bandwidth.perSecond(100),
            new KeyedRateLimiter.Config(ids.length, Duration.ofHours(1)));
    for (Long id : ids) {
      if (!limiter.tryAcquire(id)) throw new IllegalStateException("KeyedMemory: weft refused");
    }
    long after = usedAfterGc();
    if (limiter.size() != ids.length) {
      throw new IllegalStateException("KeyedMemory: weft holds " + limiter.size() + " keys");
    }
    Reference.reachabilityFence(limiter);
    return (after - before) / (double) ids.length;
  }

  private static double bucket4j(Long[] ids) throws InterruptedException {
    long before = usedAfterGc();
    io.github.bucket4j.Bandwidth limit =
        io.github.bucket4j.Bandwidth.builder()
            .capacity(100)
            .refillGreedy(100, Duration.ofSeconds(1))
            .build();
    ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();
    for (Long id : ids) {
      Bucket b = buckets.computeIfAbsent(id, k -> Bucket.builder().addLimit(limit).build());
      if (!b.tryConsume(1)) throw new IllegalStateException("KeyedMemory: Bucket4j refused");
    }
    long after = usedAfterGc();
    if (buckets.size() != ids.length) {
      throw new IllegalStateException("KeyedMemory: Bucket4j holds " + buckets.size() + " keys");
    }
    Reference.reachabilityFence(buckets);
    return (after - before) / (double) ids.length;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
