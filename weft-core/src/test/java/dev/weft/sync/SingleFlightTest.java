package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SingleFlight#run}: one execution per key in flight, run on the first caller's thread;
 * duplicates share its value or failure; nothing is cached afterwards.
 */
@Timeout(10)
class SingleFlightTest {

  private final SingleFlight<String, String> flights = new SingleFlight<>();

  @Test
  void aLoneCallRunsOnTheCallersThreadAndIsNotShared() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    SingleFlight.Result<String> r =
        flights.run(
            "k",
            () -> {
              ranOn.set(Thread.currentThread());
              return "v";
            });
    assertThat(r).isEqualTo(new SingleFlight.Result.Value<>("v", false));
    assertThat(r.get()).isEqualTo("v");
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void duplicatesWaitForTheCallInFlightAndShareItsValue() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Async.call(
            () ->
                flights.run(
                    "k",
                    () -> {
                      calls.incrementAndGet();
                      release.await();
                      return "v";
                    }));
    org.awaitility.Awaitility.await().until(() -> calls.get() == 1);
    List<Async<SingleFlight.Result<String>>> dups = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      dups.add(
          Async.call(
                  () ->
                      flights.run(
                          "k",
                          () -> {
                            calls.incrementAndGet();
                            return "not me";
                          }))
              .awaitParkedOn(flights));
    }
    release.countDown();
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    for (Async<SingleFlight.Result<String>> d : dups) {
      assertThat(d.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void aFailureIsSharedAndUnwrappedByGet() throws Exception {
    IOException boom = new IOException("boom");
    CountDownLatch release = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Leaders.startBlocked(flights, "k", release, () -> {
          throw boom;
        });
    Async<SingleFlight.Result<String>> dup =
        Async.call(() -> flights.run("k", () -> "unused")).awaitParkedOn(flights);
    release.countDown();
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Failure<>(boom, true));
    SingleFlight.Result<String> shared = dup.get();
    assertThat(shared).isEqualTo(new SingleFlight.Result.Failure<>(boom, true));
    assertThatThrownBy(shared::get).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
  }

  @Test
  void errorsAndRuntimeExceptionsAreFailuresToo() throws Exception {
    SingleFlight.Result<String> r =
        flights.run(
            "k",
            () -> {
              throw new AssertionError("no");
            });
    assertThat(r).isInstanceOf(SingleFlight.Result.Failure.class);
    assertThat(((SingleFlight.Result.Failure<String>) r).error()).hasMessage("no");
    assertThat(r.shared()).isFalse();
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void nothingIsCachedAfterTheCallFinishes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    flights.run("k", () -> "v" + calls.incrementAndGet());
    SingleFlight.Result<String> second = flights.run("k", () -> "v" + calls.incrementAndGet());
    assertThat(second.get()).isEqualTo("v2");
  }

  @Test
  void differentKeysDoNotWaitForEachOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> a =
        Leaders.startBlocked(flights, "a", release, () -> "A");
    assertThat(flights.run("b", () -> "B")).isEqualTo(new SingleFlight.Result.Value<>("B", false));
    release.countDown();
    assertThat(a.get().get()).isEqualTo("A");
  }

  @Test
  void aNullValueIsAValue() throws Exception {
    assertThat(flights.run("k", () -> null))
        .isEqualTo(new SingleFlight.Result.Value<String>(null, false));
  }

  @Test
  void forgetMakesTheNextCallRunAfreshWhileEarlierWaitersGetTheOldResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Leaders.startBlocked(flights, "k", release, () -> "old");
    Async<SingleFlight.Result<String>> dup =
        Async.call(() -> flights.run("k", () -> "unused")).awaitParkedOn(flights);
    flights.forget("k");
    assertThat(flights.inFlight()).isZero();
    assertThat(flights.run("k", () -> "new")).isEqualTo(new SingleFlight.Result.Value<>("new", false));
    release.countDown();
    assertThat(dup.get().get()).isEqualTo("old");
    assertThat(leader.get().get()).isEqualTo("old");
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void aRecursiveCallForTheSameKeyFailsInsteadOfDeadlocking() throws Exception {
    SingleFlight.Result<String> outer = flights.run("k", () -> flights.run("k", () -> "inner").get());
    assertThat(outer).isInstanceOf(SingleFlight.Result.Failure.class);
    assertThat(((SingleFlight.Result.Failure<String>) outer).error())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SingleFlight: recursive call for key k from inside its own fn");
    // Another key from inside fn is fine.
    assertThat(flights.run("k", () -> flights.run("j", () -> "inner").get()).get())
        .isEqualTo("inner");
  }

  @Test
  void nullArgumentsAreRejectedWithTheTypeName() {
    assertThatThrownBy(() -> flights.run(null, () -> "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: key is null");
    assertThatThrownBy(() -> flights.run("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: fn is null");
    assertThatThrownBy(() -> flights.run("k", () -> "v", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: context is null");
    assertThatThrownBy(() -> flights.submit(null, () -> "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: key is null");
    assertThatThrownBy(() -> flights.submit("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: fn is null");
    assertThatThrownBy(() -> flights.forget(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: key is null");
    assertThatThrownBy(() -> new SingleFlight.Result.Failure<String>(null, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SingleFlight: error is null");
    assertThat(flights.inFlight()).isZero();
  }
}
