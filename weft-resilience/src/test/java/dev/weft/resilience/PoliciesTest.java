package dev.weft.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.context.ContextKey;
import dev.weft.task.ContextTask;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A composition runs its policies in the order given, the first outermost, the task innermost. */
class PoliciesTest {

  private final List<String> log = new CopyOnWriteArrayList<>();

  /** A policy that logs entering and leaving, and hands the task a context carrying its name. */
  private final class Recording implements Policy {
    private final String name;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
      log.add("enter " + name);
      try {
        return task.call(Context.withValue(ctx, PATH, ctx.value(PATH).orElse("") + "/" + name));
      } finally {
        log.add("leave " + name);
      }
    }
  }

  private static final ContextKey<String> PATH = ContextKey.of("path");

  @Test
  void theFirstPolicyIsOutermostAndEachPassesItsContextInwards() throws Exception {
    Policy p =
        Policies.of(new Recording("fallback"), new Recording("retry"), new Recording("timeout"));
    String path =
        p.call(
            Context.background(),
            c -> {
              log.add("task");
              return c.value(PATH).orElseThrow();
            });
    assertThat(path).isEqualTo("/fallback/retry/timeout");
    assertThat(log)
        .containsExactly(
            "enter fallback",
            "enter retry",
            "enter timeout",
            "task",
            "leave timeout",
            "leave retry",
            "leave fallback");
  }

  @Test
  void anOuterPolicyDecidesHowOftenTheInnerOnesRun() throws Exception {
    Policy twice =
        new Policy() {
          @Override
          public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
            try {
              return task.call(ctx);
            } catch (IOException e) {
              log.add("again");
              return task.call(ctx);
            }
          }
        };
    int[] attempts = {0};
    String r =
        Policies.of(twice, new Recording("inner"))
            .call(
                Context.background(),
                c -> {
                  if (++attempts[0] == 1) throw new IOException("first");
                  return "second";
                });
    assertThat(r).isEqualTo("second");
    assertThat(log)
        .containsExactly("enter inner", "leave inner", "again", "enter inner", "leave inner");
  }

  @Test
  void anEmptyCompositionRunsTheTaskWithTheCallersContext() throws Exception {
    Context ctx = Context.background();
    boolean same = Policies.of().call(ctx, c -> c == ctx);
    assertThat(same).isTrue();
  }

  @Test
  void theCompositionKeepsItsOwnCopyOfTheOrder() {
    Policy a = new Recording("a");
    Policy b = new Recording("b");
    Policy[] array = {a, b};
    Policies p = Policies.of(array);
    array[0] = b;
    assertThat(p.policies()).containsExactly(a, b);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Policies.of((Policy[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Policies:");
    assertThatThrownBy(() -> Policies.of(new Recording("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Policies: policy 1 is null");
    assertThatThrownBy(() -> Policies.of().call(null, c -> 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Policies.of().call(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
  }
}
