package dev.weft.examples;

import dev.weft.sync.ErrGroup;
import dev.weft.sync.Pool;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reusing scratch buffers across requests instead of allocating one per request: Go's {@code
 * sync.Pool}.
 *
 * <p>A log formatter needs a {@code StringBuilder} per line. {@link Pool#get()} returns an idle
 * builder or makes one; {@link Pool#put(Object)} resets it ({@code setLength(0)}, the pool's reset
 * hook) and keeps it for the next caller. Part 1 shows one thread getting its own builder back,
 * reset. Part 2 formats 4,000 lines on 8 virtual threads: a handful of builders serve them all.
 * Part 3 shows that a pool is a cache, not a store: it keeps a bounded number of idle objects,
 * drops the rest, and {@link Pool#clear()} drops them all, so nothing that must survive belongs in
 * it.
 *
 * <p>Go keeps a cache per processor; a Java program cannot see which carrier thread runs a virtual
 * thread, so weft's pool stripes its caches by thread id instead, in front of a shared list.
 *
 * <p>What to look for: the same builder back, empty; far fewer builders made than lines formatted;
 * idle objects capped.
 */
final class ObjectPoolExample implements Example {

  @Override
  public String name() {
    return "object-pool";
  }

  @Override
  public String description() {
    return "reuse scratch buffers through a pool that may drop them at any time";
  }

  @Override
  public String goIdiom() {
    return "Go's `sync.Pool{New: ...}` with `Get`, `Put` and a `Reset` before reuse";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    AtomicInteger made = new AtomicInteger();
    Pool<StringBuilder> builders =
        Pool.create(
            () -> {
              made.incrementAndGet();
              return new StringBuilder(128);
            },
            sb -> sb.setLength(0));

    out.println("part 1: get, use, put, get again");
    StringBuilder first = builders.get();
    first.append("GET /index.html 200");
    out.println("  formatted: " + first);
    builders.put(first);
    StringBuilder second = builders.get();
    out.println("  same builder back: " + (second == first) + ", length after reset: " + second.length());
    builders.put(second);

    out.println("part 2: 8 threads format 4000 lines");
    made.set(0);
    LongAdder chars = new LongAdder();
    ErrGroup g = new ErrGroup();
    for (int t = 0; t < 8; t++) {
      int worker = t;
      g.go(() -> {
        for (int i = 0; i < 500; i++) {
          StringBuilder sb = builders.get();
          try {
            sb.append("worker=").append(worker).append(" line=").append(i % 10);
            chars.add(sb.length());
          } finally {
            builders.put(sb);
          }
        }
      });
    }
    g.await();
    out.println("  characters formatted: " + chars.sum());
    out.println("  builders made: fewer than 100 for 4000 lines: " + (made.get() < 100));

    out.println("part 3: a pool keeps a bounded number of idle objects");
    Pool<byte[]> buffers = Pool.create(() -> new byte[4096], b -> {}, 8);
    for (int i = 0; i < 500; i++) buffers.put(new byte[4096]);
    out.println("  put 500 buffers; idle now within the bound: " + (buffers.idle() <= buffers.maxIdle())
        + ", dropped: " + (buffers.idle() < 500));
    buffers.clear();
    out.println("  after clear(): idle " + buffers.idle());
  }
}
