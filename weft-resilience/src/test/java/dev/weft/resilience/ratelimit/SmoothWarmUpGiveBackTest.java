package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a warming limiter, where every permit costs a different interval, cancelling reservations
 * leaves the line exactly as in a twin limiter that never received them.
 */
class SmoothWarmUpGiveBackTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void cancelledReservationsLeaveTheLineAsIfTheyHadNeverCome(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    SmoothWarmUp all = SmoothWarmUp.of(clock, 7, Duration.ofSeconds(3), 4);
    SmoothWarmUp twin = SmoothWarmUp.of(clock, 7, Duration.ofSeconds(3), 4);
    List<Reservation> kept = new ArrayList<>();
    List<Reservation> twins = new ArrayList<>();
    List<Reservation> doomed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofNanos(rnd.nextLong(50_000_000L)));
      int n = 1 + rnd.nextInt(3);
      Reservation r = all.reserve(n);
      // due after the last advance: cancelled from the last, each is still before its time
      if (rnd.nextInt(3) == 0 && r.delay().compareTo(Duration.ofMillis(1_600)) > 0) {
        doomed.add(r);
      } else {
        kept.add(r);
        twins.add(twin.reserve(n));
      }
    }
    assertThat(doomed).isNotEmpty();
    for (int i = doomed.size() - 1; i >= 0; i--) assertThat(doomed.get(i).cancel()).isTrue();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i).delay()).as("seed %d reservation %d", seed, i).isEqualTo(twins.get(i).delay());
    }
    assertThat(all.decide(1)).isEqualTo(twin.decide(1));
    assertThat(all.coldness()).isEqualTo(twin.coldness());
  }
}
