package dev.weft.examples;

import dev.weft.sync.ErrGroup;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;

/**
 * M:N scheduling: many virtual threads run on a few carrier threads, as goroutines run on Go's
 * Ps and Ms, and the three things that follow from it.
 *
 * <p>Part 1: 100,000 tasks each block 10 ms. A blocked virtual thread unmounts from its carrier,
 * so the lot finishes in a second or two on a handful of carriers (by default one per
 * processor), where one after another they would take 1,000 s. The carrier a virtual thread runs
 * on is the part of its {@code toString()} after {@code @}; a thread may wake up on another one.
 *
 * <p>Part 2: the scheduler does not preempt a running virtual thread (Go's runtime does, since Go
 * 1.14). As many CPU-bound tasks as there are carriers, each spinning 50 ms, keep a task started
 * after them waiting until one of them ends; the same tasks calling {@link Thread#yield()} now and
 * then (Go's {@code runtime.Gosched()}) let it in much sooner: a yielded task goes back into the
 * scheduler's queue (where exactly depends on the JDK). Long CPU-bound work belongs on a platform
 * thread pool, or must yield.
 *
 * <p>Part 3: pinning. A virtual thread that blocks where it cannot unmount keeps its carrier
 * blocked too. On JDK 21 to 23 blocking inside {@code synchronized} pins; since JDK 24 (JEP 491)
 * it no longer does (this project keeps {@code synchronized} out of its main code either way). On
 * every JDK a virtual thread still pins when it blocks in a class initializer or under a native
 * frame. The example records JFR's {@code jdk.VirtualThreadPinned} event in-process while one
 * virtual thread sleeps holding a {@link ReentrantLock} (no pin) and another sleeps in a static
 * initializer (one pin), and prints the event count per thread and the frame that pinned. In
 * production: {@code jcmd <pid> JFR.start}, then {@code jfr print --events
 * jdk.VirtualThreadPinned}; in tests, weft-test's {@code PinningDetector}.
 *
 * <p>The class initializer is that of a hidden class defined afresh on each run, so that the
 * example can run again in the same JVM: a class is initialized only once.
 */
final class VirtualThreadSchedulingExample implements Example {

  private static final int BLOCKING_TASKS = 100_000;
  private static final Duration BLOCK = Duration.ofMillis(10);
  private static final int SAMPLE = 10;
  private static final Duration SPIN = Duration.ofMillis(50);

  /** Sleeps in its static initializer: the virtual thread that initializes it pins its carrier. */
  static final class SlowInit {
    static {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private SlowInit() {}
  }

  @Override
  public String name() {
    return "virtual-thread-scheduling";
  }

  @Override
  public String description() {
    return "100,000 blocking tasks on a few carriers, CPU-bound tasks with and without yield, pinning found with JFR";
  }

  @Override
  public String goIdiom() {
    return "Go's M:N scheduler (G, M, P), `runtime.Gosched()` and the execution tracer";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    blocking(out);
    cpuBound(out);
    pinning(out);
  }

  private static void blocking(PrintStream out) throws Exception {
    out.println("part 1: " + BLOCKING_TASKS + " virtual threads each block " + BLOCK.toMillis() + " ms in sleep");
    Set<String> carriers = ConcurrentHashMap.newKeySet();
    AtomicInteger moved = new AtomicInteger();
    long start = System.nanoTime();
    // The JDK's executor of one new virtual thread per task; close() waits for them all.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < BLOCKING_TASKS; i++) {
        boolean sampled = i % SAMPLE == 0; // toString() is not free: look at every 10th thread
        executor.execute(() -> {
          String before = sampled ? carrier() : "";
          try {
            Thread.sleep(BLOCK); // unmounts: the carrier runs other virtual threads meanwhile
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          if (sampled) {
            String after = carrier();
            carriers.add(before);
            carriers.add(after);
            if (!before.equals(after)) moved.incrementAndGet();
          }
        });
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.println("  all done in " + ms + " ms; one after another they would take "
        + BLOCKING_TASKS * BLOCK.toMillis() / 1000 + " s");
    out.println("  distinct carrier threads seen by every " + SAMPLE + "th thread: " + carriers.size()
        + " (available processors: "
        + Runtime.getRuntime().availableProcessors() + ")");
    out.println("  of those " + BLOCKING_TASKS / SAMPLE + " threads, woke up on another carrier: " + moved.get());
  }

  /** The carrier thread's name, from a virtual thread's {@code toString()}: after the '@'. */
  private static String carrier() {
    String self = Thread.currentThread().toString();
    return self.substring(self.lastIndexOf('@') + 1);
  }

  private static void cpuBound(PrintStream out) throws Exception {
    int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
        Runtime.getRuntime().availableProcessors());
    out.println("part 2: " + carriers + " CPU-bound tasks spin " + SPIN.toMillis()
        + " ms each on " + carriers + " carriers; then a short task starts");
    for (boolean yielding : new boolean[] {false, true}) {
      long waited = probeDelay(carriers, yielding);
      out.println(String.format("  %-28s the short task waited %d ms", yielding
          ? "spinners call Thread.yield():" : "spinners never yield:", waited));
    }
    out.println("  (a virtual thread is not preempted: it runs until it blocks, yields or ends)");
  }

  /** Starts {@code spinners} CPU-bound tasks, then one more; returns how long that one waited, in ms. */
  private static long probeDelay(int spinners, boolean yielding) throws Exception {
    CountDownLatch running = new CountDownLatch(spinners);
    AtomicLong spun = new AtomicLong();
    ErrGroup g = new ErrGroup();
    for (int s = 0; s < spinners; s++) {
      g.go(() -> {
        running.countDown();
        long end = System.nanoTime() + SPIN.toNanos();
        long n = 0;
        while (System.nanoTime() < end) {
          n++;
          if (yielding && n % 1_000 == 0) Thread.yield();
        }
        spun.addAndGet(n);
      });
    }
    running.await(); // every spinner holds a carrier now
    long submitted = System.nanoTime();
    AtomicLong started = new AtomicLong();
    g.go(() -> started.set(System.nanoTime()));
    g.await();
    if (spun.get() <= 0) throw new IllegalStateException("VirtualThreadSchedulingExample: no spin");
    return (started.get() - submitted) / 1_000_000;
  }

  private static void pinning(PrintStream out) throws Exception {
    int feature = Runtime.version().feature();
    out.println("part 3: pinning, found with JFR's jdk.VirtualThreadPinned event");
    out.println(feature >= 24
        ? "  JDK " + feature + ": blocking inside synchronized no longer pins (JEP 491, JDK 24); on JDK 21-23 it does"
        : "  JDK " + feature + ": blocking inside synchronized pins the carrier (fixed in JDK 24 by JEP 491)");
    byte[] slowInit;
    try (InputStream in = VirtualThreadSchedulingExample.class.getResourceAsStream(
        "VirtualThreadSchedulingExample$SlowInit.class")) {
      if (in == null) throw new IllegalStateException("VirtualThreadSchedulingExample: SlowInit.class not found");
      slowInit = in.readAllBytes();
    }
    List<RecordedEvent> events;
    try (JfrRecording recording = new JfrRecording("jdk.VirtualThreadPinned")) {
      ReentrantLock lock = new ReentrantLock();
      Thread.ofVirtual().name("lock-holder").start(() -> {
        lock.lock();
        try {
          Thread.sleep(20); // unmounts: a j.u.c lock does not pin
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          lock.unlock();
        }
      }).join();
      Thread initializer = Thread.ofVirtual().name("class-init").start(() -> {
        try {
          MethodHandles.lookup().defineHiddenClass(slowInit, true); // runs SlowInit's static {}
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("VirtualThreadSchedulingExample: " + e, e);
        }
      });
      initializer.join();
      events = recording.stop();
    }
    out.println("  a virtual thread sleeps 20 ms holding a ReentrantLock: pinned events: "
        + count(events, "lock-holder"));
    out.println("  a virtual thread sleeps 20 ms in a static initializer: pinned events: "
        + count(events, "class-init"));
    events.stream()
        .filter(e -> "class-init".equals(e.getThread() == null ? null : e.getThread().getJavaName()))
        .findFirst()
        .flatMap(VirtualThreadSchedulingExample::pinnedAt)
        .ifPresent(frame -> out.println("  the event's stack shows where: " + frame));
  }

  private static long count(List<RecordedEvent> events, String thread) {
    return events.stream()
        .filter(e -> e.getThread() != null && thread.equals(e.getThread().getJavaName()))
        .count();
  }

  /** The first frame of the example's own code in the event's stack trace. */
  private static Optional<String> pinnedAt(RecordedEvent event) {
    if (event.getStackTrace() == null) return Optional.empty();
    for (RecordedFrame frame : event.getStackTrace().getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.contains("SlowInit")) {
        return Optional.of("SlowInit." + frame.getMethod().getName());
      }
    }
    return Optional.empty();
  }
}
