package dev.weft.mapreduce.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The member configuration of a cluster on one machine: Jet on, the loopback interface only, a
 * TCP-IP join that lists every member's port (no multicast, no auto-detection, so separate
 * clusters on one machine never join each other when their names differ), no phone-home. Used by
 * {@link HazelcastMember}, by the tests, and by tools that start members inside their own JVM.
 */
public final class LoopbackConfig {
  private LoopbackConfig() {}

  /**
   * The configuration of the member on {@code port} of a cluster whose members listen on {@code
   * ports}.
   *
   * @param cluster the cluster name, unique per cluster
   * @param port this member's port
   * @param ports every member's port, this one included
   * @return a new configuration
   */
  public static Config member(String cluster, int port, List<Integer> ports) {
    Config c = new Config();
    c.setClusterName(cluster);
    c.setInstanceName(cluster + "-" + port);
    c.setProperty("hazelcast.phone.home.enabled", "false");
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

  /** The lowest port {@link #freePorts} hands out. */
  private static final int LOWEST = 20_000;

  /**
   * Ports free on the loopback interface now, for members that bind them right after.
   *
   * <p>They are taken below the system's ephemeral range (Linux: {@code
   * /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default), from which the system picks
   * the local ports of outgoing connections. A port from that range can be taken between the
   * probe and the bind by any connection, even by a member's own attempt to reach the port (a TCP
   * connection to a loopback port nobody listens on can connect to itself). Below it, only a
   * program that binds that very port can, and a member that cannot bind its port fails to start.
   *
   * @param n how many ports
   * @return {@code n} distinct ports
   * @throws UncheckedIOException if {@code n} free ports cannot be found
   */
  public static List<Integer> freePorts(int n) {
    int highest = ephemeralLow() - 1;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom();
    List<Integer> ports = new ArrayList<>();
    for (int tries = 0; ports.size() < n && tries < 1_000; tries++) {
      int port = LOWEST + rnd.nextInt(highest - LOWEST + 1);
      if (!ports.contains(port) && free(port)) ports.add(port);
    }
    if (ports.size() < n) {
      throw new UncheckedIOException(new IOException(
          "LoopbackConfig: no " + n + " free ports in [" + LOWEST + ", " + highest + "] on the loopback interface"));
    }
    return ports;
  }

  /** Whether {@code port} can be bound on the loopback interface now. */
  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The lowest port of the ephemeral range: read on Linux, else the IANA range's 49152. */
  private static int ephemeralLow() {
    // read as a stream: a file of /proc reports a size of 0, and Files.readString has been seen to
    // return a truncated text for it
    try (java.io.InputStream in =
        java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      int low = leadingNumber(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
      return low > LOWEST + 1_000 ? low : 49_152;
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }

  /** The decimal number at the start of {@code text}, or -1 if there is none. */
  static int leadingNumber(String text) {
    int i = 0;
    while (i < text.length() && i < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
    return i == 0 ? -1 : Integer.parseInt(text.substring(0, i));
  }
}
