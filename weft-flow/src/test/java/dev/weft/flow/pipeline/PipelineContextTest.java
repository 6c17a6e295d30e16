package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Timer;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code ...WithContext} stages receive the run's context: one per run, a child of the context
 * the run was started with, the one {@code currentContext()} returns, and done when the run is
 * cancelled, fails or ends.
 */
@Timeout(10)
class PipelineContextTest {

  private static final ContextKey<String> TENANT = ContextKey.of("tenant");

  @Test
  void everyContextStageGetsTheRunsContext() throws Exception {
    Context parent = Context.withValue(Context.background(), TENANT, "acme");
    Set<Context> seen = ConcurrentHashMap.newKeySet();
    Set<Context> looked = ConcurrentHashMap.newKeySet();
    List<String> sunk = new ArrayList<>();
    PipelineRun<Void> run =
        Pipeline.from(List.of(1, 2, 3, 4))
            .mapWithContext(
                "map",
                (ctx, i) -> {
                  seen.add(ctx);
                  looked.add(Pipeline.currentContext());
                  assertThat(ctx.isDone()).isFalse();
                  return i * 10;
                },
                StageOptions.parallel(2))
            .filterWithContext("filter", (ctx, i) -> seen.add(ctx) || i > 0)
            .flatMapWithContext(
                "flatMap",
                (ctx, i) -> {
                  seen.add(ctx);
                  return List.of(i, i + 1);
                })
            .tapWithContext("tap", (ctx, i) -> seen.add(ctx))
            .forEachWithContext((ctx, i) -> sunk.add(ctx.value(TENANT).orElseThrow() + i))
            .start(parent);
    run.await();
    assertThat(seen).hasSize(1).isEqualTo(looked);
    Context runCtx = seen.iterator().next();
    assertThat(runCtx).isNotSameAs(parent);
    assertThat(runCtx.value(TENANT)).contains("acme"); // a child of the one the run started with
    assertThat(runCtx.isDone()).as("released when the run ended").isTrue();
    assertThat(parent.isDone()).isFalse();
    assertThat(sunk).containsExactly("acme10", "acme11", "acme20", "acme21", "acme30", "acme31", "acme40", "acme41");
  }

  @Test
  void theContextIsCancelledWhenTheRunIsCancelled() throws Exception {
    CountDownLatch waiting = new CountDownLatch(2);
    AtomicReference<Context> passed = new AtomicReference<>();
    PipelineRun<List<Integer>> run =
        Pipeline.from(List.of(1, 2, 3))
            .mapWithContext(
                "remote",
                (ctx, i) -> {
                  passed.set(ctx);
                  waiting.countDown();
                  Timer.sleep(Duration.ofHours(1), ctx);
                  return i;
                },
                StageOptions.parallel(2))
            .toList()
            .start(Context.background());
    waiting.await();
    assertThat(passed.get().isDone()).isFalse();
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(passed.get().isDone()).isTrue();
  }

  @Test
  void theContextIsCancelledWhenTheParentIsCancelledOrAnotherStageFails() throws Exception {
    CancelContext parent = Context.withCancel(Context.background());
    CountDownLatch waiting = new CountDownLatch(1);
    PipelineRun<Void> run =
        Pipeline.from(List.of(1))
            .forEachWithContext(
                (ctx, i) -> {
                  waiting.countDown();
                  ctx.await();
                  ctx.throwIfDone();
                })
            .start(parent);
    waiting.await();
    parent.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);

    AtomicReference<Throwable> sawCause = new AtomicReference<>();
    CountDownLatch secondWaiting = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                Pipeline.from(List.of(1, 2))
                    .tapWithContext(
                        "waits",
                        (ctx, i) -> {
                          if (i == 2) {
                            secondWaiting.countDown();
                            ctx.await();
                            sawCause.set(ctx.cause().orElseThrow());
                          }
                        },
                        StageOptions.parallel(2).unordered())
                    .forEach(
                        "fails",
                        i -> {
                          secondWaiting.await();
                          throw boom;
                        },
                        StageOptions.defaults())
                    .run(Context.background()))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'fails'");
    assertThat(sawCause.get()).isInstanceOf(PipelineException.class).hasCause(boom);
  }

  @Test
  void lambdasAndMethodReferencesPickTheRightForm() throws Exception {
    List<Integer> out =
        Pipeline.from(List.of("1", "22", "333"))
            .map("parse", Integer::parseInt) // overloaded: parseInt(String) and parseInt(String, int)
            .mapWithContext("ctx", (ctx, i) -> ctx.isDone() ? -i : i)
            .toList()
            .run(Context.background());
    assertThat(out).containsExactly(1, 22, 333);
  }
}
