#!/usr/bin/env bash
# The JMH runner behind run-flow.sh and run-resilience.sh: one suite of weft-bench against its
# peers, in one run, written up as weft-bench/results/SUITE.md. Called by those scripts (their
# --help says what each suite holds and how long it takes).
#
#   weft-bench/jmh-suite.sh flow|resilience [--quick] [--note TEXT] [-- JMH_ARGS...]
#
# Builds weft-bench/target/benchmarks.jar, runs the dev.weft.bench.SUITE benchmarks with -prof gc
# (JSON results); then for flow, measures the memory of idle pooled workers; for resilience, the
# heap per key of KeyedRateLimiter against Bucket4j (KeyedMemory), the rate and CPU cost of 10,000
# virtual threads blocked on a 1,000/s limiter (BlockedRate) and what each algorithm admits of one
# bursty trace (Accuracy).
# Needs a JDK >= 21, found by the repository's .mvn/select-jdk.sh. Take real numbers on a quiet
# machine: anything else running on the cores shows up in the scores.
set -euo pipefail

suite=${1:-}
case "$suite" in
  flow|resilience) shift ;;
  *) echo "jmh-suite.sh: the first argument is the suite, flow or resilience (got '$suite')" >&2; exit 2 ;;
esac
name="run-$suite"

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")
results="$bench_dir/results"

quick=false
note=""
jmh_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --note) [ $# -ge 2 ] || { echo "$name.sh: --note needs a text" >&2; exit 2; }
      note=$2; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$bench_dir/$name.sh"; exit 0 ;;
    *) echo "$name.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

. "$root/.mvn/select-jdk.sh"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
mkdir -p "$results"
json="$results/$suite-jmh.json"
log="$results/$suite-jmh.log"
memory="$results/$suite-memory.md"
blocked="$results/$suite-blocked.md" # resilience only
accuracy="$results/$suite-accuracy.md" # resilience only
rm -f "$json" "$log" "$memory" "$blocked" "$accuracy"

echo "$name: building weft-bench/target/benchmarks.jar"
# Without the Kotlin compile daemon: it would stay alive after the build (its own JVM with a
# 6 GB heap, its JIT and collections) and share the two cores with the benchmarks; while it ran,
# the first shape measured had a slow iteration in most forks (ADR 0007).
"$root/mvnw" -q -B -f "$root/pom.xml" -pl weft-bench -am package -Dmaven.test.skip=true \
  -Dkotlin.compiler.daemon=false
jar="$bench_dir/target/benchmarks.jar"

args=("dev\\.weft\\.bench\\.$suite\\..*" -prof gc -rf json -rff "$json")
$quick && args+=(-f 1 -wi 1 -i 2 -w 500ms -r 500ms)
set +e
"$java" -jar "$jar" "${args[@]}" "${jmh_extra[@]}" 2>&1 | tee "$log" \
  | grep --line-buffered -E '^# (Benchmark|Parameters):|^# Run progress|<failure>|^Error'
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then echo "$name: JMH exited with $status; see $log" >&2; exit "$status"; fi
failures=$(grep -c '<failure>' "$log" || true)

report_args=(--suite "$suite" --jmh "$json" --out "$results/$suite.md")
if [ "$suite" = flow ]; then
  echo "$name: idle worker memory"
  "$java" -Xms1g -Xmx1g -cp "$jar" dev.weft.bench.flow.IdleWorkerMemory --out "$memory"
  report_args+=(--extra "$memory")
else
  echo "$name: memory per key of KeyedRateLimiter and Bucket4j"
  "$java" -Xms2g -Xmx2g -cp "$jar" dev.weft.bench.resilience.KeyedMemory --out "$memory"
  report_args+=(--extra "$memory")
  echo "$name: virtual threads blocked on a slow limiter, one JVM per limiter"
  blocked_args=(--out "$blocked")
  $quick && blocked_args+=(--warmup 1 --seconds 3)
  "$java" -cp "$jar" dev.weft.bench.resilience.BlockedRate "${blocked_args[@]}" >/dev/null
  echo "$name: what each algorithm admits of a bursty trace"
  "$java" -cp "$jar" dev.weft.bench.resilience.Accuracy --out "$accuracy" >/dev/null
  report_args+=(--extra "$blocked" --extra "$accuracy")
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
report_args+=(--load "$load_before at the start, $load_after at the end"
  --command "weft-bench/$name.sh$($quick && echo ' --quick' || true)${jmh_extra[*]:+ -- ${jmh_extra[*]}}")
$quick && report_args+=(--quick)
if [ "$failures" != 0 ]; then
  note="${note:+$note }$failures JMH benchmark(s) failed in this run: their cells are missing; see $suite-jmh.log."
fi
[ -n "$note" ] && report_args+=(--note "$note")
"$java" -cp "$jar" dev.weft.bench.report.FlowReport "${report_args[@]}"
echo "$name: $results/$suite.md ($(( $(date +%s) - started )) s)"
