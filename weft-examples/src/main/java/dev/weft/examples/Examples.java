package dev.weft.examples;

import java.util.List;
import java.util.Optional;

/**
 * The registry of examples, in tour order: from the simplest channel patterns to the ones built on
 * them. To add an example, write a class implementing {@link Example} and add it here.
 */
public final class Examples {

  private static final List<Example> ALL =
      List.of(
          new HandshakeExample(),
          new EventLoopExample(),
          new BroadcastExample(),
          new ProducerConsumerExample(),
          new ContextTimeoutExample(),
          new AfterFuncExample(),
          new PrioritySelectExample(),
          new StarvationExample(),
          new CondSignalExample(),
          new CondBroadcastExample(),
          new ForkJoinExample(),
          new BarrierExample(),
          new SemaphoreExample(),
          new ErrGroupExample(),
          new SingleFlightExample(),
          new OnceExample(),
          new TickerRateLimitExample(),
          new BackoffJitterExample(),
          new LeakDetectionExample(),
          new NilChannelSelectExample(),
          new DynamicSelectExample(),
          new SupervisorExample(),
          new ObjectPoolExample(),
          new TraceContextExample(),
          // weft-flow: the production patterns built on the primitives above
          new WorkerPoolExample(),
          new WorkerPoolResultsExample(),
          new DynamicResizeExample(),
          new BackpressureExample(),
          new GracefulShutdownExample(),
          new FanOutExample(),
          new FanInExample(),
          new PipelineExample(),
          new PubSubExample(),
          new RingBufferExample(),
          new WorkQueueExample(),
          new PriorityExample(),
          new ShardedMapExample(),
          // weft-resilience: policies around calls to a dependency
          new RateLimitExample(),
          new RateLimitHttpExample(),
          new CircuitBreakerExample(),
          new RetryBudgetExample(),
          new BulkheadExample(),
          new DebounceThrottleExample(),
          new ResilienceCompositionExample(),
          // the JVM underneath: locks and atomics, caches, the memory model, scheduling, profiling
          new RwLockVsShardedVsAtomicExample(),
          new LockFreeExample(),
          new FalseSharingExample(),
          new HappensBeforeExample(),
          new VirtualThreadSchedulingExample(),
          new WorkStealingExample(),
          new ThroughputVsLatencyExample(),
          new ContentionProfileExample(),
          // weft-mapreduce: a job over every core, split, stolen, merged
          new MapReduceExample(),
          // weft-redis: the same limits shared by every process
          new DistributedRateLimitExample(),
          new RedisFailureExample());

  private Examples() {}

  /** Every example, in tour order. */
  public static List<Example> all() {
    return ALL;
  }

  /** The example called {@code name}, ignoring case, if any. */
  public static Optional<Example> named(String name) {
    return ALL.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
  }
}
