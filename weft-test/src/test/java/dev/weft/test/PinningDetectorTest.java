package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;

/**
 * PinningDetector reports a virtual thread that blocks while pinned, and nothing for one that
 * unmounts. The pin used is parking inside a class initialiser, which pins on every JDK release
 * (since JDK 24, blocking in {@code synchronized} does not). A class is initialised once per JVM,
 * so each test that pins has its own class.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PinningDetectorTest {

  private static final long PARK_NANOS = Duration.ofMillis(5).toNanos();

  /** Parks while its class initialiser is on the stack: the virtual thread cannot unmount. */
  static final class PinsWhileInitialising {
    static {
      LockSupport.parkNanos(PARK_NANOS);
    }

    static void touch() {}
  }

  /** The same, for the test of {@link PinningDetector#assertNoPinning}. */
  static final class AlsoPinsWhileInitialising {
    static {
      LockSupport.parkNanos(PARK_NANOS);
    }

    static void touch() {}
  }

  @Test
  void recordsAVirtualThreadParkingInAClassInitialiser() throws Exception {
    List<PinnedEvent> pins =
        PinningDetector.record(
            () -> Thread.ofVirtual().name("pinner").start(PinsWhileInitialising::touch).join());

    assertThat(pins).filteredOn(p -> p.threadName().equals("pinner")).singleElement().satisfies(p -> {
      assertThat(p.duration()).isPositive();
      assertThat(p.stack())
          .anySatisfy(f -> {
            assertThat(f.getClassName()).isEqualTo(PinsWhileInitialising.class.getName());
            assertThat(f.getMethodName()).isEqualTo("<clinit>");
          });
      if (Runtime.version().feature() >= 24) { // the event gained these fields in JDK 24
        assertThat(p.pinnedReason()).hasValueSatisfying(r -> assertThat(r).contains("<clinit>"));
        assertThat(p.blockingOperation()).isPresent();
        assertThat(p.carrierThreadName()).isPresent();
      }
    });
  }

  @Test
  void assertNoPinningFailsWithEveryPinInTheMessage() {
    PinningError error =
        catchThrowableOfType(
            PinningError.class,
            () -> PinningDetector.assertNoPinning(
                () -> Thread.ofVirtual().name("pinner-2").start(AlsoPinsWhileInitialising::touch).join()));

    assertThat(error).isNotNull();
    assertThat(error.events()).extracting(PinnedEvent::threadName).contains("pinner-2");
    assertThat(error.getMessage())
        .startsWith("PinningDetector: ")
        .contains("\"pinner-2\"")
        .contains(AlsoPinsWhileInitialising.class.getName() + ".<clinit>");
  }

  @Test
  void blockingThatUnmountsIsNotAPin() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    PinningDetector.assertNoPinning(() -> {
      Thread parker = Thread.ofVirtual().start(() -> LockSupport.parkNanos(PARK_NANOS));
      Thread waiter = Thread.ofVirtual().start(() -> awaitQuietly(go));
      go.countDown();
      parker.join();
      waiter.join();
    });
  }

  @Test
  @EnabledForJreRange(minVersion = 24)
  void sinceJdk24BlockingInSynchronizedDoesNotPin() throws Exception {
    Object monitor = new Object();
    PinningDetector.assertNoPinning(() -> Thread.ofVirtual().start(() -> {
      synchronized (monitor) {
        LockSupport.parkNanos(PARK_NANOS);
      }
    }).join());
  }

  @Test
  void theBlocksExceptionPropagates() {
    assertThatThrownBy(() -> PinningDetector.record(() -> {
      throw new IOException("boom");
    })).isInstanceOf(IOException.class).hasMessage("boom");
  }

  @Test
  void stopReturnsTheSameEventsEachTimeAndCloseIsIdempotent() {
    PinningDetector detector = PinningDetector.start(Duration.ofMillis(1));
    List<PinnedEvent> first = detector.stop();
    assertThat(detector.stop()).isSameAs(first);
    detector.close();
    detector.close();
    assertThat(detector.stop()).isSameAs(first);
  }

  @Test
  void misuseFailsWithTheTypeInTheMessage() {
    assertThatThrownBy(() -> PinningDetector.start(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PinningDetector: threshold is negative");
    PinningDetector closed = PinningDetector.start();
    closed.close();
    assertThatThrownBy(closed::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PinningDetector: closed before stop()");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
