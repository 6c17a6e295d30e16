package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The once, barrier and cond-broadcast examples run to completion and print deterministic lines. */
@Timeout(10)
class SyncExamplesTest {

  @Test
  void once() throws Exception {
    assertThat(ExamplesTest.run("once"))
        .containsExactly(
            "part 1: 6 handlers ask for the config at once",
            "  handler 1 got Config[region=eu-west, replicas=3]",
            "  handler 2 got Config[region=eu-west, replicas=3]",
            "  handler 3 got Config[region=eu-west, replicas=3]",
            "  handler 4 got Config[region=eu-west, replicas=3]",
            "  handler 5 got Config[region=eu-west, replicas=3]",
            "  handler 6 got Config[region=eu-west, replicas=3]",
            "  loads: 1",
            "part 2: Once.value remembers a failure",
            "  get 1: failed: java.io.IOException: db:5432: connection refused",
            "  get 2: failed: java.io.IOException: db:5432: connection refused (same exception: true)",
            "  get 3: failed: java.io.IOException: db:5432: connection refused (same exception: true)",
            "  connection attempts: 1",
            "  a new OnceValue tries again: connected to db:5432 (attempts: 2)",
            "part 3: plain Once: a failed action still counts as done",
            "  run 1: failed: java.lang.IllegalStateException: port 9090 in use",
            "  run 2: returned at once, action not run (done: true, registry {metrics=1})");
  }

  @Test
  void barrier() throws Exception {
    assertThat(ExamplesTest.run("barrier"))
        .containsExactly(
            "part 1: 4 workers, 3 steps, rod [0, 0, 0, 90]",
            "  after step 1: [0, 0, 30, 60]",
            "  after step 2: [0, 10, 30, 50]",
            "  after step 3: [3, 13, 30, 43]",
            "  arrival indexes in step 1: [0, 1, 2, 3]",
            "part 2: worker 3 gives up in its second step",
            "  after step 4: [6, 15, 28, 38]",
            "  worker 1: stopped in its step 2: Barrier: broken by a party whose context is done",
            "  worker 2: stopped in its step 2: Barrier: broken by a party whose context is done",
            "  worker 3: gave up in its step 2: context canceled: java.lang.IllegalStateException: cell 3 diverged",
            "  worker 4: stopped in its step 2: Barrier: broken by a party whose context is done",
            "  broken: true",
            "  after reset(): broken: false, rod at step 4");
  }

  @Test
  void condBroadcast() throws Exception {
    assertThat(ExamplesTest.run("cond-broadcast"))
        .containsExactly(
            "part 1: broadcast wakes every waiter of a 'ready' flag",
            "  4 workers wait for ready",
            "  ready = true; broadcast(); still waiting: 0",
            "  worker 1 saw ready",
            "  worker 2 saw ready",
            "  worker 3 saw ready",
            "  worker 4 saw ready",
            "part 2: wait for the next generation, not for a state",
            "  generation 1: all 3 subscribers woke",
            "  generation 2: all 3 subscribers woke",
            "  generation 3: all 3 subscribers woke",
            "  subscriber 1 saw generations [1, 2, 3]",
            "  subscriber 2 saw generations [1, 2, 3]",
            "  subscriber 3 saw generations [1, 2, 3]",
            "part 3: the channel alternative for a one-shot 'ready'",
            "  4 workers returned from receive once the channel was closed",
            "  a late worker: receive returns at once: Closed[]",
            "  select on a channel nobody closes, with a 50 ms timeout: timed out");
  }
}
