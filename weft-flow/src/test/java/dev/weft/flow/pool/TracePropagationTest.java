package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.Trace;
import dev.weft.flow.pipeline.Pipeline;
import dev.weft.flow.pipeline.StageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A trace ID on the submitting or running context reaches worker-pool tasks and pipeline stages. */
@Timeout(30)
class TracePropagationTest {

  @Test
  void aPoolTaskSeesTheTraceIdOfTheContextItWasSubmittedWith() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      List<TaskHandle<String>> handles = new ArrayList<>();
      for (String id : List.of("a", "b", "c")) {
        Context ctx = Trace.withId(Context.background(), id);
        handles.add(pool.submit(ctx, taskCtx -> Trace.id(taskCtx).orElse("none")));
      }
      List<String> seen = new ArrayList<>();
      for (TaskHandle<String> h : handles) seen.add(h.await());
      assertThat(seen).containsExactly("a", "b", "c");
      assertThat(pool.submit(taskCtx -> Trace.id(taskCtx).orElse("none")).await()).isEqualTo("none");
    }
  }

  @Test
  void aPoolGroupTaskSeesTheTraceIdOfTheGroupContext() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<String> g = pool.group(Trace.withId(Context.background(), "grp"));
      for (int i = 0; i < 3; i++) g.submit(taskCtx -> Trace.id(taskCtx).orElse("none"));
      assertThat(g.await()).containsExactly("grp", "grp", "grp");
    }
  }

  @Test
  void everyPipelineStageSeesTheTraceIdOfTheRunContextAlsoWhenCancelledLater() throws Exception {
    try (CancelContext ctx = Context.withCancel(Trace.withId(Context.background(), "run-1"))) {
      List<String> ids =
          Pipeline.from(List.of(1, 2, 3, 4))
              .mapWithContext("parallel", (c, v) -> Trace.id(c).orElse("none"),
                  StageOptions.parallel(2))
              .map("current", v -> v + "/" + Trace.id(Pipeline.currentContext()).orElse("none"))
              .toList()
              .run(ctx);
      assertThat(Set.copyOf(ids)).containsExactly("run-1/run-1");
      assertThat(ids).hasSize(4);
    }
  }
}
