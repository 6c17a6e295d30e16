package dev.weft.examples.cli;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    List<Integer> ports = freePorts(n);
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

  private Config config(int port, List<Integer> ports) {
    Config c = new Config();
    c.setClusterName(name);
    c.setInstanceName(name + "-" + port);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "none"); // the command prints what matters
    c.setProperty("hazelcast.shutdownhook.enabled", "false"); // close() shuts down, in order
    c.getJetConfig().setEnabled(true);
    NetworkConfig network = c.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int p : ports) join.getTcpIpConfig().addMember("127.0.0.1:" + p);
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

  /** Ports free on loopback now; a member binds each right after. */
  private static List<Integer> freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket s : sockets) ports.add(s.getLocalPort());
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // the port is still free for the member
        }
      }
    }
  }
}
