#!/usr/bin/env bash
# weft-resilience benchmarks: TokenBucket's tryAcquire against Bucket4j, Resilience4j, Guava and
# Failsafe, and a closed CircuitBreaker against Resilience4j and Failsafe, in one run.
#
#   weft-bench/run-resilience.sh          full run: 3 forks x (5 x 1 s warm-up + 5 x 1 s); about 8 minutes
#   weft-bench/run-resilience.sh --quick  smoke run, about 2 minutes: 1 fork, short iterations
#   weft-bench/run-resilience.sh [--quick] [--note TEXT] [-- JMH_ARGS...]
#
# Builds weft-bench/target/benchmarks.jar, runs the dev.weft.bench.resilience suites with -prof gc
# (JSON results) and writes weft-bench/results/resilience.md.
# Needs a JDK >= 21, found by the repository's .mvn/select-jdk.sh. Take real numbers on a quiet
# machine: anything else running on the cores shows up in the scores.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")
results="$bench_dir/results"

quick=false
note=""
jmh_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --note) [ $# -ge 2 ] || { echo "run-resilience.sh: --note needs a text" >&2; exit 2; }
      note=$2; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run-resilience.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

. "$root/.mvn/select-jdk.sh"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
mkdir -p "$results"
json="$results/resilience-jmh.json"
log="$results/resilience-jmh.log"
rm -f "$json" "$log"

echo "run-resilience: building weft-bench/target/benchmarks.jar"
# Without the Kotlin compile daemon: it would stay alive after the build (its own JVM with a
# 6 GB heap, its JIT and collections) and share the two cores with the benchmarks; while it ran,
# the first shape measured had a slow iteration in most forks (ADR 0007).
"$root/mvnw" -q -B -f "$root/pom.xml" -pl weft-bench -am package -Dmaven.test.skip=true \
  -Dkotlin.compiler.daemon=false
jar="$bench_dir/target/benchmarks.jar"

args=('dev\.weft\.bench\.resilience\..*' -prof gc -rf json -rff "$json")
$quick && args+=(-f 1 -wi 1 -i 2 -w 500ms -r 500ms)
set +e
"$java" -jar "$jar" "${args[@]}" "${jmh_extra[@]}" 2>&1 | tee "$log" \
  | grep --line-buffered -E '^# (Benchmark|Parameters):|^# Run progress|<failure>|^Error'
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then echo "run-resilience: JMH exited with $status; see $log" >&2; exit "$status"; fi
failures=$(grep -c '<failure>' "$log" || true)

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
report_args=(--suite resilience --jmh "$json" --out "$results/resilience.md"
  --load "$load_before at the start, $load_after at the end"
  --command "weft-bench/run-resilience.sh$($quick && echo ' --quick' || true)${jmh_extra[*]:+ -- ${jmh_extra[*]}}")
$quick && report_args+=(--quick)
if [ "$failures" != 0 ]; then
  note="${note:+$note }$failures JMH benchmark(s) failed in this run: their cells are missing; see resilience-jmh.log."
fi
[ -n "$note" ] && report_args+=(--note "$note")
"$java" -cp "$jar" dev.weft.bench.report.FlowReport "${report_args[@]}"
echo "run-resilience: $results/resilience.md ($(( $(date +%s) - started )) s)"
