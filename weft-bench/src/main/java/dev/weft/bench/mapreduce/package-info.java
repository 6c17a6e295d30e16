/**
 * The weft-mapreduce suite: {@code MapReduceLoad}, one implementation (weft's {@code LocalEngine},
 * a sequential loop, parallel streams, Hazelcast Jet) of one workload per JVM, and the Hazelcast
 * identity check. Plain {@code main} programs, not JMH; {@code run-mapreduce.sh} runs them.
 */
package dev.weft.bench.mapreduce;
