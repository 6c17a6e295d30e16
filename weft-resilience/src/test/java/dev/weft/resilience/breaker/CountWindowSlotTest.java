package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The count window maps each ticket to slot {@code ticket % size} exactly, for every window size
 * and tickets of every magnitude, including around the switch from multiplying by the inverse of
 * the size to dividing.
 */
class CountWindowSlotTest {

  private static CountWindow window(int size) {
    return new CountWindow(CircuitBreakerConfig.defaults().withCountWindow(size));
  }

  @Test
  void slotsAreTheRemainderOfTheTicket() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int i = 0; i < 2_000; i++) {
      // Mostly small windows; a few up to the largest (8 bytes a slot).
      int size =
          i % 100 == 0
              ? 1 + rnd.nextInt(CircuitBreakerConfig.MAX_WINDOW_SIZE)
              : 1 + rnd.nextInt(1_000);
      CountWindow w = window(size);
      for (int j = 0; j < 50; j++) {
        int bits = rnd.nextInt(1, 64);
        long ticket =
            bits == 1 ? rnd.nextLong(2) : (1L << (bits - 1)) + rnd.nextLong(1L << (bits - 1));
        assertThat(w.slotOf(ticket))
            .as("ticket %d, size %d", ticket, size)
            .isEqualTo((int) (ticket % size));
      }
      long multiple = ((1L << 52) / size) * size;
      for (long t = multiple - 2; t <= multiple + 2; t++) {
        assertThat(w.slotOf(t)).as("ticket %d, size %d", t, size).isEqualTo((int) (t % size));
      }
      for (long t = (1L << 52) - 2; t <= (1L << 52) + 2; t++) {
        assertThat(w.slotOf(t)).as("ticket %d, size %d", t, size).isEqualTo((int) (t % size));
      }
    }
  }

  @Test
  void consecutiveTicketsFillTheRingInOrder() {
    CountWindow w = window(7);
    for (long t = 0; t < 100; t++) assertThat(w.slotOf(t)).isEqualTo((int) (t % 7));
  }
}
