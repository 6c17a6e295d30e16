package dev.weft.mapreduce.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Scanner;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopbackConfig#freePorts} hands out distinct ports that can be bound, below the range the
 * system takes the local ports of outgoing connections from.
 */
class FreePortsTest {

  @Test
  void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 49_152;
    if (Files.isReadable(range)) {
      try (var in = Files.newInputStream(range)) {
        low = new Scanner(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).nextInt();
      }
    }
    int ephemeralLow = low;
    List<Integer> ports = LoopbackConfig.freePorts(8);
    assertThat(ports).hasSize(8).doesNotHaveDuplicates().allMatch(p -> p >= 20_000 && p < ephemeralLow);
    for (int p : ports) {
      try (ServerSocket s = new ServerSocket(p, 50, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(p);
      }
    }
  }
}
