package dev.weft.chan.lincheck;

import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A buffered channel's non-blocking operations with close are linearizable against a bounded FIFO
 * queue with a closed flag, for capacities 1 and 2, under both model checking and stress.
 */
class BufferedChannelLincheckTest {

  /** Capacity 1 under test. */
  public static class Capacity1 extends ChannelOps {
    public Capacity1() {
      super(1);
    }
  }

  /** Capacity 1 specification. */
  public static class Capacity1Model extends ChannelModel {
    public Capacity1Model() {
      super(1);
    }
  }

  /** Capacity 2 under test. */
  public static class Capacity2 extends ChannelOps {
    public Capacity2() {
      super(2);
    }
  }

  /** Capacity 2 specification. */
  public static class Capacity2Model extends ChannelModel {
    public Capacity2Model() {
      super(2);
    }
  }

  private static Class<?> ops(int capacity) {
    return capacity == 1 ? Capacity1.class : Capacity2.class;
  }

  private static Class<?> model(int capacity) {
    return capacity == 1 ? Capacity1Model.class : Capacity2Model.class;
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void modelChecking(int capacity) {
    LincheckSettings.modelChecking().sequentialSpecification(model(capacity)).check(ops(capacity));
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stress(int capacity) {
    LincheckSettings.stress().sequentialSpecification(model(capacity)).check(ops(capacity));
  }
}
