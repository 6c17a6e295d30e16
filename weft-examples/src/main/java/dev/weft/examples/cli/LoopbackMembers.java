package dev.weft.examples.cli;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.mapreduce.hazelcast.LoopbackConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Hazelcast cluster of a few members inside this JVM, for {@code weft mapreduce --engine
 * hazelcast}: Jet on, loopback only, free ports, a TCP-IP join that lists exactly those ports and a
 * cluster name of its own (so two runs on one machine never join each other), no phone-home, no
 * logging, and no shutdown hook of Hazelcast's own: {@link #close()} shuts the members down, and
 * the command calls it on success, on failure and, through its own shutdown hook, on Ctrl-C.
 */
final class LoopbackMembers implements AutoCloseable {

  private static final long FORM_SECONDS = 60;

  private final String name = "weft-mapreduce-" + UUID.randomUUID();
  private final List<HazelcastInstance> members = new ArrayList<>();

  /**
   * Starts {@code n} members and waits until the first sees all of them.
   *
   * @throws IllegalStateException if the cluster does not form within a minute
   * @throws InterruptedException if interrupted while waiting; the members started are shut down
   */
  LoopbackMembers(int n) throws InterruptedException {
    List<Integer> ports = LoopbackConfig.freePorts(n);
    CountDownLatch joined = new CountDownLatch(n - 1);
    try {
      for (int i = 0; i < n; i++) {
        Config c = config(ports.get(i), ports);
        if (i == 0) c.addListenerConfig(new ListenerConfig(new Joins(joined)));
        members.add(Hazelcast.newHazelcastInstance(c));
      }
      if (!joined.await(FORM_SECONDS, TimeUnit.SECONDS) && first().getCluster().getMembers().size() < n) {
        throw new IllegalStateException(
            "LoopbackMembers: the cluster did not form in " + FORM_SECONDS + " s: "
                + first().getCluster().getMembers().size() + " of " + n + " members");
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The member that jobs are submitted to. */
  HazelcastInstance first() {
    return members.getFirst();
  }

  /** The cluster name, unique to this cluster; Hazelcast's threads carry it in their names. */
  String name() {
    return name;
  }

  /** Shuts every member down, the first (the master) last. Idempotent. */
  @Override
  public void close() {
    for (HazelcastInstance m : members.reversed()) m.shutdown();
    members.clear();
  }

  /** {@link LoopbackConfig#member}, quiet, and shut down only by {@link #close()}. */
  private Config config(int port, List<Integer> ports) {
    Config c = LoopbackConfig.member(name, port, ports);
    c.setProperty("hazelcast.logging.type", "none"); // the command prints what matters
    c.setProperty("hazelcast.shutdownhook.enabled", "false"); // close() shuts down, in order
    return c;
  }

  /** Counts the members that join the first. */
  private record Joins(CountDownLatch joined) implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent e) {
      joined.countDown();
    }

    @Override
    public void memberRemoved(MembershipEvent e) {
      // a member leaving before the job starts shows up as a failed job
    }
  }
}
