/**
 * weft-examples: one runnable example per concurrency pattern, and the {@code weft} command line
 * ({@code dev.weft.examples.cli.WeftCommand}). Nothing here is API: the examples are read, run
 * and copied, not depended on.
 */
module dev.weft.examples {
  requires dev.weft.core;
  requires dev.weft.flow;
  requires dev.weft.resilience;
  requires dev.weft.redis;
  requires dev.weft.mapreduce;
  requires dev.weft.mapreduce.hazelcast; // weft mapreduce --engine hazelcast; reads com.hazelcast.core through it
  requires redis.clients.jedis; // LocalRedis pings the server it starts
  requires dev.weft.test; // LeakDetector, for the leak-detection example
  requires info.picocli;
  requires jdk.httpserver; // the backpressure example's HTTP 503
  requires java.net.http; // and its client
  requires jdk.jfr; // the examples that find pinning and hot locks with Flight Recorder
  requires jdk.unsupported; // sun.misc.Signal, for the graceful-shutdown example's SIGTERM

  exports dev.weft.examples;
  exports dev.weft.examples.cli;

  // picocli fills the @Option/@Parameters fields and creates the subcommands reflectively.
  opens dev.weft.examples.cli to
      info.picocli;
}
