/**
 * JMH suites for weft-core's synchronizers that are not channels. {@code PoolBenchmark} compares
 * {@code Pool} get/put with plain allocation (the JDK baseline) for a small and a large buffer, in
 * one run, from one thread and from several.
 */
package dev.weft.bench.sync;
