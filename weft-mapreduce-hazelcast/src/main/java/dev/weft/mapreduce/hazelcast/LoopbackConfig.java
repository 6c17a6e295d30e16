package dev.weft.mapreduce.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;

/**
 * The member configuration of a cluster on one machine: Jet on, the loopback interface only, a
 * TCP-IP join that lists every member's port (no multicast, no auto-detection, so separate
 * clusters on one machine never join each other when their names differ), no phone-home.
 */
final class LoopbackConfig {
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
  static Config member(String cluster, int port, List<Integer> ports) {
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
}
