package dev.weft.chan;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Argument sources shared by the parameterised channel tests. */
final class Params {
  /** The capacities of {@link Capacities}, for method sources. */
  static final int[] CAPACITIES = {0, 1, 16, 1024};

  private Params() {}

  /** Every send form at every capacity. */
  static Stream<Arguments> sendOpsAndCapacities() {
    return cross(SendOp.values());
  }

  /** Every receive form at every capacity. */
  static Stream<Arguments> receiveOpsAndCapacities() {
    return cross(ReceiveOp.values());
  }

  /** Every send form at every capacity, for each interrupt timing. */
  static Stream<Arguments> sendOpsCapacitiesAndTimings() {
    return cross3(SendOp.values(), InterruptTiming.values());
  }

  /** Every receive form at every capacity, for each interrupt timing. */
  static Stream<Arguments> receiveOpsCapacitiesAndTimings() {
    return cross3(ReceiveOp.values(), InterruptTiming.values());
  }

  static Stream<Arguments> cross(Object[] values) {
    return Arrays.stream(values)
        .flatMap(v -> IntStream.of(CAPACITIES).mapToObj(c -> Arguments.of(v, c)));
  }

  static Stream<Arguments> cross3(Object[] values, Object[] thirds) {
    return cross(values)
        .flatMap(a -> Arrays.stream(thirds).map(t -> Arguments.of(a.get()[0], a.get()[1], t)));
  }

  /** When a blocking call is interrupted. */
  enum InterruptTiming {
    /** The interrupt status is set before the call, on a channel where the call could complete. */
    BEFORE_CALL,
    /** The call is parked waiting, then interrupted. */
    WHILE_WAITING
  }
}
