package dev.weft.mapreduce.hazelcast;

import dev.weft.mapreduce.Combiner;
import dev.weft.mapreduce.LongCombiner;
import dev.weft.mapreduce.LongMapper;
import dev.weft.mapreduce.Mapper;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What every source processor of a job needs, shipped inside the job: the input (file paths or the
 * records themselves), the map side of the user functions in one of the two shapes, and the
 * reading settings. Exactly one of {@code files} and {@code items}, and exactly one of {@code
 * mapper} and {@code longMapper}, is non-null.
 *
 * @param files the input files' paths, as the members see them, or null
 * @param items the input records, or null
 * @param mapper the object map function, or null
 * @param combiner the object combiner, or null (none, or the long shape)
 * @param longMapper the long map function, or null
 * @param longCombiner the long combiner, or null (the object shape)
 * @param splitSize bytes or records per split, 0 for automatic
 * @param maxRecordLength the longest line, in bytes
 * @param skipMalformed whether malformed records are skipped (counted) instead of failing the job
 * @param cancelTopic the topic on which the engine announces that it cancelled the job
 */
record SourcePlan(
    List<String> files,
    List<?> items,
    Mapper<Object, Object, Object> mapper,
    Combiner<Object> combiner,
    LongMapper<Object, Object> longMapper,
    LongCombiner longCombiner,
    long splitSize,
    int maxRecordLength,
    boolean skipMalformed,
    String cancelTopic)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
}
