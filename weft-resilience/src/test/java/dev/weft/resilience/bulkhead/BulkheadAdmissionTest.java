package dev.weft.resilience.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bulkhead admits at most its limit at once, queues the rest FIFO for at most its wait. */
@Timeout(30)
class BulkheadAdmissionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Context ctx = Context.background(clock);

  private static Bulkhead bulkhead(int limit, Duration maxWait) {
    return new Bulkhead(
        BulkheadConfig.defaults()
            .withName("db")
            .withMaxConcurrentCalls(limit)
            .withMaxWait(maxWait));
  }

  /** Starts a call that holds its permit until {@code gate} opens, and waits until it holds it. */
  private Async<String> hold(Bulkhead b, Gate gate, String value) throws InterruptedException {
    int started = gate.started();
    Async<String> a =
        tasks.start(
            () ->
                b.call(
                    ctx,
                    c -> {
                      gate.pass();
                      return value;
                    }));
    gate.awaitStarted(started + 1);
    return a;
  }

  @Test
  void aFullBulkheadWithoutWaitRejectsAtOnceNamingItself() throws Exception {
    Bulkhead b = bulkhead(2, Duration.ZERO);
    Gate gate = new Gate();
    Async<String> first = hold(b, gate, "a");
    Async<String> second = hold(b, gate, "b");
    assertThat(b.available()).isZero();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> b.call(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(BulkheadFullException.class)
        .hasMessageContaining("'db'")
        .satisfies(e -> assertThat(((BulkheadFullException) e).bulkheadName()).isEqualTo("db"));
    assertThat(ran).hasValue(0);
    assertThat(b.rejected()).isEqualTo(1);
    gate.open();
    assertThat(first.get()).isEqualTo("a");
    assertThat(second.get()).isEqualTo("b");
    assertThat(b.available()).isEqualTo(2);
    String third = b.call(ctx, c -> "c");
    assertThat(third).isEqualTo("c");
    assertThat(b.admitted()).isEqualTo(3);
  }

  @Test
  void waitingCallsAreAdmittedInArrivalOrder() throws Exception {
    Bulkhead b = bulkhead(1, Duration.ofHours(1));
    Gate gate = new Gate();
    Async<String> holder = hold(b, gate, "holder");
    ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    List<String> names = List.of("w1", "w2", "w3", "w4");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int queued = i + 1;
      tasks
          .start(() -> b.call(ctx, c -> order.add(name)))
          .awaitBlocked(() -> b.waiting() == queued);
    }
    gate.open();
    assertThat(holder.get()).isEqualTo("holder");
    dev.weft.test.Waiting.until(() -> order.size() == names.size());
    assertThat(order).containsExactlyElementsOf(names);
    assertThat(b.available()).isEqualTo(1);
  }

  @Test
  void aCallThatFindsNoRoomWithinMaxWaitIsRejected() throws Exception {
    Bulkhead b = bulkhead(1, Duration.ofSeconds(1));
    Gate gate = new Gate();
    Async<String> holder = hold(b, gate, "holder");
    AtomicInteger ran = new AtomicInteger();
    Async<Integer> waiter =
        tasks
            .start(() -> b.call(ctx, c -> ran.incrementAndGet()))
            .awaitBlocked(() -> b.waiting() == 1);
    clock.awaitPending(1);
    clock.advance(Duration.ofMillis(999));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofMillis(1));
    assertThat(waiter.failure()).isInstanceOf(BulkheadFullException.class);
    assertThat(ran).hasValue(0);
    assertThat(b.waiting()).isZero();
    assertThat(b.available()).isZero();
    gate.open();
    holder.get();
    assertThat(b.available()).isEqualTo(1);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aWaitingCallIsAdmittedWhenAPermitIsFreedInTime() throws Exception {
    Bulkhead b = bulkhead(1, Duration.ofSeconds(1));
    Gate gate = new Gate();
    Async<String> holder = hold(b, gate, "holder");
    Async<String> waiter =
        tasks.start(() -> b.call(ctx, c -> "late")).awaitBlocked(() -> b.waiting() == 1);
    gate.open();
    assertThat(holder.get()).isEqualTo("holder");
    assertThat(waiter.get()).isEqualTo("late");
    assertThat(clock.pending()).isZero(); // the wait's deadline timer was released
  }

  @Test
  void aFailingTaskGivesItsPermitBack() {
    Bulkhead b = bulkhead(1, Duration.ZERO);
    assertThatThrownBy(
            () ->
                b.call(
                    ctx,
                    c -> {
                      throw new IOException("boom");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(b.available()).isEqualTo(1);
  }

  @Test
  void badConfigurationIsRejected() {
    BulkheadConfig d = BulkheadConfig.defaults();
    assertThat(d.maxConcurrentCalls()).isEqualTo(25);
    assertThat(d.maxWait()).isZero();
    assertThatThrownBy(() -> d.withMaxConcurrentCalls(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BulkheadConfig: maxConcurrentCalls must be > 0, was 0");
    assertThatThrownBy(() -> d.withMaxWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BulkheadConfig: maxWait must be >= 0");
    assertThatThrownBy(() -> d.withName(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BulkheadConfig: name");
    assertThatThrownBy(() -> d.withMaxWait(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Bulkhead(null)).isInstanceOf(NullPointerException.class);
    Bulkhead b = new Bulkhead(d);
    assertThatThrownBy(() -> b.call(null, c -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Bulkhead:");
    assertThatThrownBy(() -> b.call(ctx, null)).isInstanceOf(NullPointerException.class);
  }
}
