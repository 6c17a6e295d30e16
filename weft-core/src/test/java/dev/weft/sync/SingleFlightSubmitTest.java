package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.test.Async;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SingleFlight#submit} (Go's DoChan): runs fn in a weft virtual thread, or joins the call in
 * flight, and delivers exactly one result on a channel that is then closed.
 */
@Timeout(10)
class SingleFlightSubmitTest {

  private final SingleFlight<String, String> flights = new SingleFlight<>();

  @Test
  void runsFnInAWeftThreadAndDeliversOneResultThenCloses() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ReceiveChannel<SingleFlight.Result<String>> ch =
        flights.submit(
            "k",
            () -> {
              ranOn.set(Thread.currentThread());
              return "v";
            });
    assertThat(ch.receive()).isEqualTo(new SingleFlight.Result.Value<>("v", false));
    assertThat(ch.receiveResult()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ranOn.get().isVirtual()).isTrue();
    assertThat(ranOn.get().getName()).startsWith("weft-singleflight-");
  }

  @Test
  void submitAndRunShareOneCall() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    ReceiveChannel<SingleFlight.Result<String>> first =
        flights.submit(
            "k",
            () -> {
              calls.incrementAndGet();
              entered.countDown();
              release.await();
              return "v";
            });
    entered.await();
    ReceiveChannel<SingleFlight.Result<String>> second = flights.submit("k", () -> "unused");
    Async<SingleFlight.Result<String>> runner =
        Async.call(() -> flights.run("k", () -> "unused")).awaitParkedOn(flights);
    release.countDown();
    assertThat(first.receive()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    assertThat(second.receive()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    assertThat(runner.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void aSubmitJoinsACallStartedByRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Leaders.startBlocked(flights, "k", release, () -> "v");
    ReceiveChannel<SingleFlight.Result<String>> ch = flights.submit("k", () -> "unused");
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
    release.countDown();
    assertThat(ch.receive()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
  }

  @Test
  void aFailureIsDelivered() throws Exception {
    IOException boom = new IOException("boom");
    ReceiveChannel<SingleFlight.Result<String>> ch =
        flights.submit(
            "k",
            () -> {
              throw boom;
            });
    assertThat(ch.receive()).isEqualTo(new SingleFlight.Result.Failure<>(boom, false));
  }

  @Test
  void nobodyHasToReceive() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    flights.submit(
        "k",
        () -> {
          done.countDown();
          return "ignored";
        });
    done.await();
    org.awaitility.Awaitility.await().until(() -> flights.inFlight() == 0);
  }
}
