package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.chan.Channel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling the context or interrupting the caller, before or during a job, stops every worker
 * (the leak check of every test proves they are gone) and deletes the spill files.
 */
@Timeout(30)
class CancellationTest {

  @TempDir Path dir;

  /** A job that maps records until one says "block", then waits until interrupted. */
  private static MapReduceJob<String, String, Long, Long> blocking(Input<String> in, CountDownLatch blocked) {
    return MapReduceJob.builder(in)
        .<String>mapToLong((r, out) -> {
          if (r.equals("block")) {
            blocked.countDown();
            new CountDownLatch(1).await();
          }
          out.emit(r);
        })
        .sum()
        .build();
  }

  @Test
  void aContextDoneBeforeTheRunFailsItWithTheContextError() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> LocalEngine.create().run(ctx, Jobs.wordCount(Input.of(List.of("a b")))))
        .isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void anInterruptBeforeTheRunThrowsAtOnce() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.of(List.of("a")))))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void cancellingTheContextStopsWorkersBlockedInTheMapFunction() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    CountDownLatch blocked = new CountDownLatch(2);
    List<String> in = new ArrayList<>();
    for (int i = 0; i < 1000; i++) in.add(i % 500 == 499 ? "block" : "r" + i);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        new LocalEngine(JobConfig.defaults().withParallelism(2).withSplitSize(500).withContainer(Container.hash()))
            .run(ctx, blocking(Input.of(in), blocked));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    blocked.await();
    ctx.cancel();
    caller.join();
    assertThat(thrown.get()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void cancellingTheContextStopsWorkersWaitingOnAChannelInput() throws Exception {
    Channel<String> ch = Channel.buffered(16);
    CancelContext ctx = Context.withCancel(Context.background());
    JobHandle<String, Long> h = LocalEngine.create().start(ctx, Jobs.wordCount(Input.channel(ch)));
    ch.send("a b");
    await().until(() -> h.progress().records() == 1);
    ctx.cancel();
    assertThatThrownBy(h::await).isInstanceOf(ContextCancelledException.class);
    assertThat(h.isDone()).isTrue();
    assertThat(h.progress().phase()).isEqualTo(JobProgress.Phase.DONE);
  }

  @Test
  void cancellingTheHandleStopsTheJob() throws Exception {
    Channel<String> ch = Channel.buffered(16);
    JobHandle<String, Long> h = LocalEngine.create().start(Context.background(), Jobs.wordCount(Input.channel(ch)));
    h.cancel();
    assertThatThrownBy(h::await).isInstanceOf(CancellationException.class).isNotInstanceOf(ContextCancelledException.class);
  }

  @Test
  void interruptingTheCallerCancelsTheJobAndReturnsOnlyOnceItsWorkersAreGone() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        new LocalEngine(JobConfig.defaults().withParallelism(2))
            .run(Context.background(), blocking(Input.of(List.of("a", "block", "c")), blocked));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    blocked.await();
    caller.interrupt();
    caller.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void cancellingAfterSpillsDeletesTheSpillFiles() throws Exception {
    Path spills = Files.createDirectory(dir.resolve("spills"));
    List<String> in = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) in.add("k" + i);
    in.add("block");
    CountDownLatch blocked = new CountDownLatch(1);
    CancelContext ctx = Context.withCancel(Context.background());
    JobConfig config =
        JobConfig.defaults()
            .withParallelism(1)
            .withContainer(Container.hash())
            .withMemoryBudget(64 * 1024)
            .withSpillDirectory(spills);
    JobHandle<String, Long> h = new LocalEngine(config).start(ctx, blocking(Input.of(in), blocked));
    blocked.await();
    assertThat(countFiles(spills)).isPositive();
    ctx.cancel();
    assertThatThrownBy(h::await).isInstanceOf(ContextCancelledException.class);
    assertThat(countFiles(spills)).isZero();
  }

  @Test
  void aTimeoutStopsALongJobPromptly() throws Exception {
    Channel<String> endless = Channel.buffered(1024);
    Thread feeder = Thread.ofVirtual().start(() -> {
      try {
        for (long i = 0; ; i++) endless.send("w" + (i % 1000));
      } catch (InterruptedException e) {
        // stop feeding
      }
    });
    try {
      Context ctx = Context.withTimeout(Context.background(), Duration.ofMillis(200));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> LocalEngine.create().run(ctx, Jobs.wordCount(Input.channel(endless))))
          .isInstanceOf(ContextCancelledException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    } finally {
      feeder.interrupt();
      feeder.join();
    }
  }

  private static long countFiles(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
