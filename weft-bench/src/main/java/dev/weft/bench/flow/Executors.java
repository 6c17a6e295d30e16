package dev.weft.bench.flow;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** The executors compared by the task shapes, behind one small interface. */
final class Executors {

  private Executors() {}

  /** An executor with a fixed concurrency that runs a batch of tasks and waits for all of them. */
  interface Bounded extends AutoCloseable {
    /** Runs {@code tasks} copies of {@code body} and returns how many ran, once all have. */
    long runAll(int tasks, Consumer<LongAdder> body) throws Exception;
  }

  /**
   * The executor {@code impl} with {@code concurrency} workers, made for batches of up to {@code
   * tasks} tasks.
   */
  static Bounded of(String impl, int concurrency, int tasks) {
    return switch (impl) {
      case "weft" -> new WeftPool(concurrency);
      case "ThreadPoolExecutor" -> {
        ThreadPoolExecutor tpe =
            new ThreadPoolExecutor(
                concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        tpe.prestartAllCoreThreads();
        yield new Jdk(tpe);
      }
      case "ForkJoinPool" -> new Jdk(new ForkJoinPool(concurrency));
      case "virtualPerTask" -> new VirtualPerTask(concurrency);
      default -> throw new IllegalArgumentException("Executors: unknown implementation " + impl);
    };
  }

  /** Checks that the whole batch ran. */
  static long check(LongAdder done, int tasks) {
    long n = done.sum();
    if (n != tasks) throw new IllegalStateException("Executors: " + n + " of " + tasks + " tasks ran");
    return n;
  }

  /** A JDK {@link ExecutorService}: {@code execute} each task, a latch for the end. */
  private record Jdk(ExecutorService service) implements Bounded {
    @Override
    public long runAll(int tasks, Consumer<LongAdder> body) throws InterruptedException {
      LongAdder done = new LongAdder();
      CountDownLatch end = new CountDownLatch(tasks);
      Runnable task =
          () -> {
            try {
              body.accept(done);
            } finally {
              end.countDown();
            }
          };
      for (int i = 0; i < tasks; i++) service.execute(task);
      end.await();
      return check(done, tasks);
    }

    @Override
    public void close() throws InterruptedException {
      service.shutdown();
      if (!service.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("Executors: " + service + " did not terminate");
      }
    }
  }

  /** A virtual thread per task, at most {@code concurrency} at once (a semaphore): the JDK idiom. */
  private static final class VirtualPerTask implements Bounded {
    private final Semaphore permits;
    private final ExecutorService service = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    VirtualPerTask(int concurrency) {
      permits = new Semaphore(concurrency);
    }

    @Override
    public long runAll(int tasks, Consumer<LongAdder> body) throws InterruptedException {
      LongAdder done = new LongAdder();
      CountDownLatch end = new CountDownLatch(tasks);
      Runnable task =
          () -> {
            try {
              body.accept(done);
            } finally {
              permits.release();
              end.countDown();
            }
          };
      for (int i = 0; i < tasks; i++) {
        permits.acquire();
        service.execute(task);
      }
      end.await();
      return check(done, tasks);
    }

    @Override
    public void close() {
      service.close();
    }
  }
}
