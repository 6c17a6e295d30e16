package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PriorityOptions}: factories, withers, shares, and validation with clear messages. */
class PriorityOptionsTest {

  @Test
  void factoriesAndWithers() {
    assertThat(PriorityOptions.of(2)).isEqualTo(new PriorityOptions(2, 100, List.of(0, 0), PriorityOptions.UNBOUNDED));
    assertThat(PriorityOptions.defaults()).isEqualTo(new PriorityOptions(3, 100, List.of(0, 20, 10), PriorityOptions.UNBOUNDED));
    PriorityOptions o = PriorityOptions.of(3).withWindow(10).withReserved(2, 3);
    assertThat(o).isEqualTo(new PriorityOptions(3, 10, List.of(0, 0, 3), PriorityOptions.UNBOUNDED));
    assertThat(o.minimumShare(2)).isEqualTo(0.3);
    assertThat(o.minimumShare(0)).isZero();
    assertThat(o.withCapacity(5).capacity()).isEqualTo(5);
  }

  @Test
  void reservedIsCopied() {
    Integer[] r = {0, 1};
    List<Integer> backing = Arrays.asList(r);
    PriorityOptions o = new PriorityOptions(2, 5, backing, 10);
    r[1] = 4;
    assertThat(o.reserved()).containsExactly(0, 1);
  }

  @Test
  void badOptionsFailWithTheTypeAndArgumentInTheMessage() {
    assertThatThrownBy(() -> PriorityOptions.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PriorityOptions: levels must be in 1..1024, got 0");
    assertThatThrownBy(() -> new PriorityOptions(1025, 1, List.of(), 1))
        .hasMessage("PriorityOptions: levels must be in 1..1024, got 1025");
    assertThatThrownBy(() -> PriorityOptions.of(2).withWindow(0))
        .hasMessage("PriorityOptions: window must be > 0, got 0");
    assertThatThrownBy(() -> new PriorityOptions(2, 10, List.of(1), 1))
        .hasMessage("PriorityOptions: reserved must have one entry per level (2), got 1");
    assertThatThrownBy(() -> new PriorityOptions(2, 10, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PriorityOptions: reserved is null");
    assertThatThrownBy(() -> PriorityOptions.of(2).withReserved(1, -1))
        .hasMessage("PriorityOptions: reserved for level 1 must be >= 0, got -1");
    assertThatThrownBy(() -> PriorityOptions.of(3).withWindow(10).withReserved(1, 6).withReserved(2, 5))
        .hasMessage("PriorityOptions: reserved adds up to 11, more than the window of 10");
    assertThatThrownBy(() -> PriorityOptions.of(2).withCapacity(0))
        .hasMessage("PriorityOptions: capacity must be > 0, got 0");
    assertThatThrownBy(() -> PriorityOptions.of(3).withReserved(3, 1))
        .hasMessage("PriorityOptions: level must be in 0..2, got 3");
    assertThatThrownBy(() -> PriorityOptions.of(3).minimumShare(-1))
        .hasMessage("PriorityOptions: level must be in 0..2, got -1");
  }
}
