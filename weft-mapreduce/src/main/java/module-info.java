/**
 * weft-mapreduce: a local, multicore map-reduce engine.
 *
 * <ul>
 *   <li>{@code dev.weft.mapreduce}: {@code MapReduceJob} (the job value), {@code Input}, the user
 *       functions ({@code Mapper}, {@code LongMapper}, {@code Combiner}, {@code Partitioner},
 *       {@code Reducer}, {@code LongReducer}), {@code Output}, {@code JobConfig}, {@code
 *       LocalEngine}, {@code JobResult}, the workloads in {@code Jobs} and the {@code
 *       ZipfWords} data generator
 * </ul>
 */
module dev.weft.mapreduce {
  requires transitive dev.weft.core;
  requires dev.weft.flow;

  exports dev.weft.mapreduce;
}
