package dev.weft.mapreduce.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;

/**
 * A command that starts one Hazelcast member with Jet enabled, on the loopback interface, for a
 * cluster on one machine; {@code scripts/cluster.sh} starts several. The member runs until its
 * process is stopped (Hazelcast's shutdown hook leaves the cluster cleanly on SIGTERM).
 *
 * <pre>
 * java -cp 'weft-mapreduce-hazelcast.jar:lib/*' dev.weft.mapreduce.hazelcast.HazelcastMember \
 *     --cluster demo --port 5801 --members 5801,5802
 * </pre>
 *
 * <p>For a real cluster, start members with Hazelcast's own distribution or configuration instead
 * (see docs/mapreduce-hazelcast.md); this command is the smallest member that runs weft jobs.
 */
public final class HazelcastMember {
  private HazelcastMember() {}

  private static final String USAGE =
      """
      usage: HazelcastMember [--cluster NAME] [--port PORT] [--members PORT,PORT,...]
        Starts one Hazelcast member with Jet on 127.0.0.1:PORT that joins the members listed
        (TCP-IP join; multicast and auto-detection off) under the cluster name NAME.
        --cluster  the cluster name (default weft)
        --port     this member's port (default 5801)
        --members  every member's port, this one included (default: PORT alone)
      """;

  /**
   * Starts the member and returns; the member's threads keep the process running.
   *
   * @param args the command line; {@code --help} prints the usage
   */
  public static void main(String[] args) {
    Args a;
    int port;
    List<Integer> ports = new ArrayList<>();
    try {
      a = Args.parse(args, List.of("cluster", "port", "members"));
      port = Integer.parseInt(a.get("port", "5801"));
      for (String m : Args.addresses(a.get("members", String.valueOf(port)))) {
        ports.add(Integer.parseInt(m.substring(m.lastIndexOf(':') + 1)));
      }
      if (!a.positional.isEmpty()) throw new IllegalArgumentException("unexpected argument " + a.positional.getFirst());
    } catch (IllegalArgumentException e) {
      System.err.println("HazelcastMember: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (a.help) {
      System.out.print(USAGE);
      return;
    }
    if (!ports.contains(port)) ports.add(port);
    HazelcastInstance member =
        Hazelcast.newHazelcastInstance(LoopbackConfig.member(a.get("cluster", "weft"), port, ports));
    System.out.println("HazelcastMember: member " + member.getCluster().getLocalMember().getAddress()
        + " up; cluster has " + member.getCluster().getMembers().size() + " member(s)");
  }
}
