package dev.weft.sync;

import dev.weft.test.Async;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** SingleFlight leaders for tests: a call whose function blocks until the test releases it. */
final class Leaders {
  private Leaders() {}

  /**
   * Starts {@code flights.run(key, fn)} on its own thread, where fn blocks until {@code release}
   * opens and then returns (or throws) what {@code then} does; returns once fn is running.
   */
  static Async<SingleFlight.Result<String>> startBlocked(
      SingleFlight<String, String> flights, String key, CountDownLatch release, Callable<String> then)
      throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Async.call(
            () ->
                flights.run(
                    key,
                    () -> {
                      entered.countDown();
                      release.await();
                      return then.call();
                    }));
    entered.await();
    return leader;
  }
}
