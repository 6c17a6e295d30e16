#!/usr/bin/env bash
# weft-flow benchmarks: WorkerPool, Pipeline and ShardedMap against the JDK, in one run.
#
#   weft-bench/run-flow.sh            full run: 3 forks x (5 x 1 s warm-up + 5 x 1 s); about 11 minutes
#   weft-bench/run-flow.sh --quick    smoke run, a few minutes: 1 fork, short iterations
#   weft-bench/run-flow.sh [--quick] [--note TEXT] [-- JMH_ARGS...]
#
# Builds weft-bench/target/benchmarks.jar, runs the dev.weft.bench.flow suites with -prof gc (JSON
# results), measures the memory of idle pooled workers, and writes weft-bench/results/flow.md.
# Needs a JDK >= 21, found by the repository's .mvn/select-jdk.sh. Take real numbers on a quiet
# machine: anything else running on the cores shows up in the scores. The runner is jmh-suite.sh.
exec "$(cd "$(dirname "$0")" && pwd)/jmh-suite.sh" flow "$@"
