package dev.weft.context;

import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads cancelling, deriving, timing out and registering afterFuncs on one tree at once
 * never deadlock, and once the root is cancelled every derived context is done and detached.
 */
@Tag("stress")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextConcurrencyTest {

  @Test
  void randomTreeOperationsFromManyThreads() throws Throwable {
    int threads = 8;
    int opsPerThread = 3_000;
    FakeClock clock = new FakeClock();
    CancelContext root = Context.withCancel(Context.background(clock));
    AtomicReferenceArray<Context> nodes = new AtomicReferenceArray<>(threads * opsPerThread + 1);
    AtomicInteger size = new AtomicInteger();
    nodes.set(size.getAndIncrement(), root);
    AtomicInteger afterFuncsPending = new AtomicInteger();
    AtomicInteger afterFuncsRun = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[threads];

    for (int w = 0; w < threads; w++) {
      int id = w;
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                      ThreadLocalRandom rnd = ThreadLocalRandom.current();
                      for (int i = 0; i < opsPerThread; i++) {
                        Context pick = pickNode(nodes, size, rnd);
                        int op = rnd.nextInt(100);
                        Context derived = null;
                        if (op < 45) {
                          derived = Context.withCancel(pick);
                        } else if (op < 60) {
                          derived = Context.withValue(pick, ContextKey.of("k"), i);
                        } else if (op < 70) {
                          derived = Context.withTimeout(pick, Duration.ofMillis(rnd.nextInt(1, 50)));
                        } else if (op < 85) {
                          if (pick instanceof CancelContext c && pick != root) c.cancel();
                        } else if (op < 92) {
                          afterFuncsPending.incrementAndGet();
                          Context.afterFunc(pick, afterFuncsRun::incrementAndGet);
                        } else if (op < 96) {
                          if (id == 0) clock.advance(Duration.ofMillis(rnd.nextInt(1, 10)));
                        } else {
                          pick.isDone();
                          pick.err();
                          pick.cause();
                          pick.done();
                        }
                        if (derived != null) nodes.set(size.getAndIncrement(), derived);
                      }
                    } catch (Throwable e) {
                      failure[id] = e;
                    }
                  }));
    }
    for (Thread t : workers) t.join();
    for (Throwable f : failure) if (f != null) throw f;

    assertThat(root.cancel()).isTrue();

    int n = size.get();
    for (int i = 0; i < n; i++) {
      Context c = nodes.get(i);
      assertThat(c.isDone()).as("node %d: %s", i, c).isTrue();
      if (c instanceof CancelNode cn) assertThat(cn.listenerCount()).as("node %d", i).isZero();
    }
    assertThat(clock.pending()).as("all timers cancelled or fired").isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> afterFuncsRun.get() == afterFuncsPending.get());
  }

  private static Context pickNode(AtomicReferenceArray<Context> nodes, AtomicInteger size, ThreadLocalRandom rnd) {
    while (true) {
      Context c = nodes.get(rnd.nextInt(size.get()));
      if (c != null) return c; // a slot reserved but not yet written is skipped
    }
  }

  @Test
  void concurrentCancelsOfOneContextHaveOneWinner() throws InterruptedException {
    int threads = 6;
    for (int round = 0; round < 300; round++) {
      CancelContext ctx = Context.withCancel(Context.background());
      Context child = Context.withCancel(ctx);
      RuntimeException[] causes = new RuntimeException[threads];
      boolean[] won = new boolean[threads];
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> ts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int id = i;
        causes[i] = new RuntimeException("cause " + i);
        ts.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      won[id] = ctx.cancel(causes[id]);
                    }));
      }
      go.countDown();
      for (Thread t : ts) t.join();

      int winners = 0;
      int winner = -1;
      for (int i = 0; i < threads; i++) {
        if (won[i]) {
          winners++;
          winner = i;
        }
      }
      assertThat(winners).as("round %d", round).isEqualTo(1);
      assertThat(ctx.cause()).containsSame(causes[winner]);
      assertThat(child.cause()).containsSame(causes[winner]);
    }
  }

  @Test
  void parentCancelRacingWithChildCreationLeavesNoChildBehind() throws Throwable {
    for (int round = 0; round < 50; round++) {
      CancelContext parent = Context.withCancel(Context.background());
      List<Context> children = new ArrayList<>();
      CountDownLatch halfway = new CountDownLatch(1);
      Thread creator =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 400; i++) {
                      if (i == 200) halfway.countDown();
                      children.add(i % 2 == 0 ? Context.withCancel(parent) : Context.withTimeout(parent, Duration.ofHours(1)));
                    }
                  });
      halfway.await();
      parent.cancel();
      creator.join();

      assertThat(children).hasSize(400).allSatisfy(c -> assertThat(c.err()).contains(ContextError.CANCELED));
      assertThat(((CancelNode) parent).listenerCount()).isZero();
    }
  }

  @Test
  void childrenCancellingThemselvesWhileParentIsCancelled() throws Throwable {
    for (int round = 0; round < 50; round++) {
      CancelContext parent = Context.withCancel(Context.background());
      RuntimeException parentCause = new RuntimeException("parent");
      int n = 200;
      List<CancelContext> children = new ArrayList<>();
      for (int i = 0; i < n; i++) children.add(Context.withCancel(parent));
      CountDownLatch go = new CountDownLatch(1);
      Thread selfCancel =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    for (CancelContext c : children) c.cancel(new IllegalStateException("own"));
                  });
      go.countDown();
      parent.cancel(parentCause);
      selfCancel.join();

      assertThat(((CancelNode) parent).listenerCount()).isZero();
      for (CancelContext c : children) {
        assertThat(c.err()).contains(ContextError.CANCELED);
        assertThat(c.cause().orElseThrow())
            .satisfiesAnyOf(
                cause -> assertThat(cause).isSameAs(parentCause),
                cause -> assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("own"));
      }
    }
  }
}
