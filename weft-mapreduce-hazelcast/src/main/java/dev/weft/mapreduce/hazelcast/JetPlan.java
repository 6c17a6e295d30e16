package dev.weft.mapreduce.hazelcast;

import com.hazelcast.jet.Util;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.BatchStage;
import com.hazelcast.jet.pipeline.BatchStageWithKey;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.SourceBuilder;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.JobFunctions;
import dev.weft.mapreduce.LongReducer;
import dev.weft.mapreduce.Reducer;
import java.util.List;
import java.util.Map;

/**
 * Translates a job into a Jet pipeline: a distributed source whose processors read their splits
 * and map them (combining on emit), a grouping by key with the combiner as a two-stage aggregate
 * operation, the reduce function as a map stage, and an {@code IMap} sink that the engine reads
 * back and orders. Every function here is static, so the lambdas capture only the user functions
 * and the {@link SourcePlan}, never an engine.
 */
final class JetPlan {
  private JetPlan() {}

  /**
   * The pipeline of a job.
   *
   * @param plan the source side
   * @param functions the job's functions (for the combiner and the reducer)
   * @param localParallelism source processors per member
   * @param sinkMap the name of the map the output goes to
   * @return the pipeline
   */
  @SuppressWarnings("unchecked")
  static Pipeline pipeline(SourcePlan plan, JobFunctions<?, ?, ?, ?> functions, int localParallelism, String sinkMap) {
    BatchSource<Map.Entry<Object, Object>> source =
        SourceBuilder.batch("weft-map", ctx -> new SplitMapper(plan, ctx.globalProcessorIndex(), ctx.totalParallelism(), ctx.hazelcastInstance()))
            .<Map.Entry<Object, Object>>fillBufferFn(SplitMapper::fill)
            .destroyFn(SplitMapper::close)
            .distributed(localParallelism)
            .build();
    Pipeline p = Pipeline.create();
    BatchStageWithKey<Map.Entry<Object, Object>, Object> grouped =
        p.readFrom(source).groupingKey(Map.Entry::getKey);
    BatchStage<Map.Entry<Object, Object>> reduced =
        switch (functions) {
          case JobFunctions.OfLongs<?, ?, ?> l -> {
            LongReducer<Object, Object> r = (LongReducer<Object, Object>) l.reducer();
            yield grouped.aggregate(Accumulators.ofLongs(l.combiner())).map(e -> reduceLong(r, e));
          }
          case JobFunctions.OfObjects<?, ?, ?, ?> o -> {
            Reducer<Object, Object, Object> r = (Reducer<Object, Object, Object>) o.reducer();
            BatchStage<Map.Entry<Object, List<Object>>> values =
                o.combiner().isPresent()
                    ? grouped.aggregate(Accumulators.combined((dev.weft.mapreduce.Combiner<Object>) o.combiner().get()))
                    : grouped.aggregate(Accumulators.listed());
            yield values.map(e -> reduceObjects(r, e));
          }
        };
    reduced.writeTo(Sinks.map(sinkMap));
    return p;
  }

  private static Map.Entry<Object, Object> reduceLong(LongReducer<Object, Object> r, Map.Entry<Object, Long> e)
      throws JobFailedException {
    Object o;
    try {
      o = r.reduce(e.getKey(), e.getValue());
    } catch (Exception x) {
      throw new JobFailedException("MapReduceJob: reduce failed for key '" + e.getKey() + "': " + x, x);
    }
    return checked(e.getKey(), o);
  }

  private static Map.Entry<Object, Object> reduceObjects(
      Reducer<Object, Object, Object> r, Map.Entry<Object, List<Object>> e) throws JobFailedException {
    Object o;
    try {
      o = r.reduce(e.getKey(), e.getValue());
    } catch (Exception x) {
      throw new JobFailedException("MapReduceJob: reduce failed for key '" + e.getKey() + "': " + x, x);
    }
    return checked(e.getKey(), o);
  }

  private static Map.Entry<Object, Object> checked(Object key, Object value) throws JobFailedException {
    if (value == null) throw new JobFailedException("MapReduceJob: reduce returned null for key '" + key + "'", null);
    return Util.entry(key, value);
  }
}
