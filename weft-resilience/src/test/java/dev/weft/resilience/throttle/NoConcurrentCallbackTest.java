package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.AsyncScope;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The callback never runs twice at once; calls due while it runs wait and merge into the latest.
 */
@Timeout(20)
class NoConcurrentCallbackTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();

  @Test
  void callsDueWhileTheCallbackRunsWaitAndMergeIntoTheLatest() throws Exception {
    Gate gate = new Gate();
    Calls<String> calls = new Calls<>(v -> {
      if (v.equals("a")) gate.pass();
    });
    try (Debouncer<String> d =
        Debouncer.create(DebounceConfig.of(Duration.ofMillis(100)).withClock(clock), calls)) {
      d.submit("a");
      d.flush();
      gate.awaitStarted(1);
      d.submit("b");
      d.flush();
      d.submit("c");
      d.flush();
      assertThat(calls.values()).containsExactly("a");
      gate.open();
      d.awaitIdle(Context.background());
    }
    assertThat(calls.values()).containsExactly("a", "c");
    assertThat(calls.maxActive()).isEqualTo(1);
    assertThat(calls.threads().get(1)).as("the same thread ran both").isSameAs(calls.threads().get(0));
  }

  @Test
  void manySubmittersAndAnAdvancingClockNeverOverlapCalls() throws Exception {
    AtomicLong sink = new AtomicLong();
    Calls<Integer> debounced = new Calls<>(v -> {
      for (int i = 0; i < 200; i++) sink.addAndGet(i ^ v); // a little work inside the call
    });
    Calls<Integer> throttled = new Calls<>(v -> {
      for (int i = 0; i < 200; i++) sink.addAndGet(i ^ v);
    });
    DebounceConfig config =
        DebounceConfig.of(Duration.ofMillis(3))
            .withEdge(Edge.BOTH)
            .withMaxWait(Duration.ofMillis(5))
            .withClock(clock);
    try (Debouncer<Integer> d = Debouncer.create(config, debounced);
        Throttler<Integer> t =
            Throttler.create(ThrottleConfig.of(Duration.ofMillis(2)).withClock(clock), throttled)) {
      List<dev.weft.test.Async<Void>> submitters = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        long seed = 42L + s;
        submitters.add(tasks.run(() -> {
          SplittableRandom rnd = new SplittableRandom(seed);
          for (int i = 0; i < 2_000; i++) {
            int v = rnd.nextInt(1000);
            if (rnd.nextBoolean()) d.submit(v);
            else t.submit(v);
            if (rnd.nextInt(10) == 0) d.flush();
            if (rnd.nextInt(10) == 0) t.flush();
          }
        }));
      }
      tasks.runOnPlatformThread(() -> {
        while (!submitters.stream().allMatch(dev.weft.test.Async::isDone)) {
          clock.advance(Duration.ofMillis(1));
        }
      }).join();
      for (var s : submitters) assertThat(s.thrown()).isNull();
      d.close();
      t.close();
      d.awaitIdle(Context.background());
      t.awaitIdle(Context.background());
    }
    assertThat(debounced.values()).isNotEmpty();
    assertThat(throttled.values()).isNotEmpty();
    assertThat(debounced.maxActive()).isEqualTo(1);
    assertThat(throttled.maxActive()).isEqualTo(1);
  }
}
