package dev.weft.chan.lincheck;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rendezvous channel's non-blocking operations with close are linearizable against a queue of
 * capacity 0 with a closed flag: with no blocked counterpart {@code trySend} reports Full and
 * {@code tryReceive} Empty until the channel is closed, then Closed. (A successful hand-off needs
 * a blocked counterpart, which Lincheck's data-structure API cannot express for Java blocking
 * calls; {@link RendezvousBlockingModelCheckTest} covers it.)
 */
class RendezvousChannelLincheckTest {

  /** Capacity 0 under test. */
  public static class Rendezvous extends ChannelOps {
    public Rendezvous() {
      super(0);
    }
  }

  /** Capacity 0 specification. */
  public static class RendezvousModel extends ChannelModel {
    public RendezvousModel() {
      super(0);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void modelChecking() {
    LincheckSettings.modelChecking()
        .sequentialSpecification(RendezvousModel.class)
        .check(Rendezvous.class);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stress() {
    LincheckSettings.stress().sequentialSpecification(RendezvousModel.class).check(Rendezvous.class);
  }
}
