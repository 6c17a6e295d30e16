package dev.weft.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.task.ContextTask;
import org.junit.jupiter.api.Test;

/** A policy passes the task's result and the caller's context through. */
class PolicyTest {

  /** The smallest policy: runs the task at once with the caller's context. */
  private static final Policy DIRECT =
      new Policy() {
        @Override
        public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
          return task.call(ctx);
        }
      };

  @Test
  void aPolicyRunsTheTaskWithTheCallersContext() throws Exception {
    Context ctx = Context.background();
    String seen = DIRECT.call(ctx, c -> c == ctx ? "same" : "other");
    assertThat(seen).isEqualTo("same");
  }
}
