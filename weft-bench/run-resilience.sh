#!/usr/bin/env bash
# weft-resilience benchmarks: TokenBucket's tryAcquire against Bucket4j, Resilience4j, Guava and
# Failsafe, a closed CircuitBreaker against Resilience4j and Failsafe, and 10,000 virtual threads
# blocked on a 1,000/s limiter of each library (rate, CPU per permit, pinning), in one run; then
# what each weft algorithm admits of one seeded bursty trace (exact, on a fake clock).
#
#   weft-bench/run-resilience.sh          full run: 3 forks x (5 x 1 s warm-up + 5 x 1 s); about 10 minutes
#   weft-bench/run-resilience.sh --quick  smoke run, about 3 minutes: 1 fork, short iterations
#   weft-bench/run-resilience.sh [--quick] [--note TEXT] [-- JMH_ARGS...]
#
# Builds weft-bench/target/benchmarks.jar, runs the dev.weft.bench.resilience suites with -prof gc
# (JSON results), measures the heap per key of KeyedRateLimiter against a map of Bucket4j buckets
# (KeyedMemory), then BlockedRate and Accuracy, and writes weft-bench/results/resilience.md.
# Needs a JDK >= 21, found by the repository's .mvn/select-jdk.sh. Take real numbers on a quiet
# machine: anything else running on the cores shows up in the scores. The runner is jmh-suite.sh.
exec "$(cd "$(dirname "$0")" && pwd)/jmh-suite.sh" resilience "$@"
