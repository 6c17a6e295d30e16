package dev.weft.mapreduce.hazelcast;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real Hazelcast cluster of {@code n} members in this JVM, on loopback, with a cluster name and
 * ports of its own (parallel test runs never join each other). {@link #close()} shuts every member
 * down and waits until none of their threads is left: weft's leak detector sees only weft threads,
 * so the test checks Hazelcast's itself.
 */
final class TestCluster implements AutoCloseable {

  final String name = "weft-test-" + UUID.randomUUID();
  final List<HazelcastInstance> members = new ArrayList<>();
  final List<Integer> ports;

  TestCluster(int n) {
    ports = LoopbackConfig.freePorts(n);
    try {
      for (int p : ports) {
        Config c = LoopbackConfig.member(name, p, ports);
        c.setProperty("hazelcast.logging.type", "none"); // the tests assert on outcomes
        members.add(Hazelcast.newHazelcastInstance(c));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> members.getFirst().getCluster().getMembers().size() == n);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  HazelcastInstance first() {
    return members.getFirst();
  }

  @Override
  public void close() {
    // The master last: a member that leaves after it waits for a new master to acknowledge.
    for (HazelcastInstance m : members.reversed()) m.shutdown();
    await().atMost(Duration.ofSeconds(30)).until(() -> threadsOf(name).isEmpty());
  }

  /** Live threads whose name mentions {@code cluster} (Hazelcast names them after the instance). */
  static List<String> threadsOf(String cluster) {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().contains(cluster)) out.add(t.getName());
    return out;
  }

}
