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

  /**
   * Ports free on the loopback interface now, for members that bind them right after (another
   * process may take one in between: a member that cannot bind its port fails to start).
   *
   * @param n how many ports
   * @return {@code n} distinct ports
   * @throws UncheckedIOException if no port can be had
   */
  public static List<Integer> freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      }
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
