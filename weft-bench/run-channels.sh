#!/usr/bin/env bash
# Channel benchmarks: weft against jox, Kotlin coroutines, the JDK and Go, in one run.
#
#   weft-bench/run-channels.sh            full run: 3 forks x (5 x 1 s warm-up + 5 x 1 s), Go -count=3;
#                                         about 1 hour on 2 cores (61 minutes at 4ae1dd1; chained
#                                         and parallel with 10,000 stages/pairs and
#                                         10,000,000-message batches take about 25 of them)
#   weft-bench/run-channels.sh --short-chains
#                                         the same, but chained and parallel with 1,000 stages/pairs
#                                         and 500,000-message batches: about 40 minutes
#   weft-bench/run-channels.sh --quick    smoke run, under 3 minutes: 1 fork, short iterations,
#                                         fewer stages and smaller batches, fewer capacities
#   weft-bench/run-channels.sh [--quick | --short-chains] [--note TEXT] [-- JMH_ARGS...]
#                                         TEXT: a line for the top of the report (where, why);
#                                         JMH_ARGS: extra arguments for every JMH run
#
# Builds weft-bench/target/benchmarks.jar, runs the JMH suites with -prof gc (JSON results), runs
# the Go versions of the shapes (installing Debian's golang-go with apt-get when `go` is missing),
# and writes weft-bench/results/channels.md and channels.png. Needs a JDK >= 21, found by the
# repository's .mvn/select-jdk.sh. Take real numbers on a quiet machine: anything else running
# on the cores shows up in the scores.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")
results="$bench_dir/results"

quick=false
short_chains=false
note=""
jmh_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --short-chains) short_chains=true ;;
    --note) [ $# -ge 2 ] || { echo "run-channels.sh: --note needs a text" >&2; exit 2; }
      note=$2; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run-channels.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# A JDK >= 21 in JAVA_HOME (exits with a message when there is none).
. "$root/.mvn/select-jdk.sh"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi

started=$(date +%s)
phase_start=$started
phase() { # phase NAME: prints how long the previous phase took
  local now; now=$(date +%s)
  echo "run-channels: $1 ($((now - phase_start)) s; $((now - started)) s in total)"
  phase_start=$now
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

mkdir -p "$results"
rm -f "$results"/channels-jmh*.json "$results"/channels-jmh.log "$results"/channels-go.txt

echo "run-channels: building weft-bench/target/benchmarks.jar"
# Without the Kotlin compile daemon: it would stay alive after the build (its own JVM with a
# 6 GB heap, its JIT and collections) and share the two cores with the benchmarks; while it ran,
# the first shape measured had a slow iteration in most forks (ADR 0007).
"$root/mvnw" -q -B -f "$root/pom.xml" -pl weft-bench -am package -Dmaven.test.skip=true \
  -Dkotlin.compiler.daemon=false
jar="$bench_dir/target/benchmarks.jar"
phase "built"

# --- JMH -----------------------------------------------------------------------------------------
jmh_log="$results/channels-jmh.log"
jmh_files=()
run_jmh() { # run_jmh RESULT_FILE JMH_ARGS...: one JMH run, JSON to RESULT_FILE, console to the log
  local file=$1; shift
  jmh_files+=("$file")
  local status
  set +e
  "$java" -jar "$jar" "$@" -prof gc -rf json -rff "$file" "${jmh_extra[@]}" 2>&1 \
    | tee -a "$jmh_log" \
    | grep --line-buffered -E '^# (Benchmark|Parameters):|^# Run progress|<failure>|^Error'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" != 0 ]; then
    echo "run-channels: JMH exited with $status; see $jmh_log" >&2
    exit "$status"
  fi
}

if $quick; then
  # One fork, one short warm-up and measurement iteration; the capacities 16 (buffered) and
  # 0/100 (chained, parallel); 1,000 stages and 500,000 pairs per batch for chained and
  # parallel (-opi keeps JMH's per-message normalisation right; the benchmarks check it).
  quick_args=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
  run_jmh "$results/channels-jmh.json" 'dev\.weft\.bench\.chan\..*' -e 'Chained|Parallel|ParkFloor' \
    "${quick_args[@]}" -p capacity=16
  run_jmh "$results/channels-jmh-chained.json" 'dev\.weft\.bench\.chan\.(Chained|Parallel)Benchmark' \
    "${quick_args[@]}" -p capacity=0,100 -p stages=1000 -p channels=1000 -p pairs=500000 -opi 500000
  go_args=(-benchtime 100ms -count 1)
  go_stages=1000
elif $short_chains; then
  run_jmh "$results/channels-jmh.json" 'dev\.weft\.bench\.chan\..*' -e 'Chained|Parallel|ParkFloor'
  run_jmh "$results/channels-jmh-chained.json" 'dev\.weft\.bench\.chan\.(Chained|Parallel)Benchmark' \
    -p stages=1000 -p channels=1000 -p pairs=500000 -opi 500000
  go_args=(-benchtime 1s -count 3)
  go_stages=1000
else
  run_jmh "$results/channels-jmh.json" 'dev\.weft\.bench\.chan\..*' -e 'ParkFloor'
  go_args=(-benchtime 1s -count 3)
  go_stages=10000
fi
failures=$(grep -c '<failure>' "$jmh_log" || true)
phase "JMH done"

# --- Go ------------------------------------------------------------------------------------------
go_out="$results/channels-go.txt"
go_version="not run"
if ! command -v go >/dev/null 2>&1; then
  echo "run-channels: go is missing; installing Debian's golang-go"
  sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq golang-go; } \
    >/dev/null 2>&1 || echo "run-channels: could not install golang-go; the report will have no Go column" >&2
fi
if command -v go >/dev/null 2>&1; then
  go_version=$(go version)
  # The module has no dependencies: never reach for a module proxy.
  (cd "$bench_dir/go" && GOPROXY=off GOFLAGS=-mod=mod go test -run '^$' -bench . -benchmem -cpu 1,2 \
    "${go_args[@]}" -args -stages="$go_stages") | tee "$go_out"
fi
phase "Go done"

# --- Report --------------------------------------------------------------------------------------
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
report_args=(--out "$results/channels.md" --png "$results/channels.png"
  --go-version "$go_version" --go-stages "$go_stages"
  --load "$load_before at the start, $load_after at the end"
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')"
  --command "weft-bench/run-channels.sh$($quick && echo ' --quick' || true)$($short_chains && echo ' --short-chains' || true)${jmh_extra[*]:+ -- ${jmh_extra[*]}}")
for f in "${jmh_files[@]}"; do [ -s "$f" ] && report_args+=(--jmh "$f"); done
[ -f "$go_out" ] && report_args+=(--go "$go_out")
$quick && report_args+=(--quick)
if [ "$failures" != 0 ]; then
  note="${note:+$note }$failures JMH benchmark(s) failed in this run: their cells are missing; see channels-jmh.log."
fi
[ -n "$note" ] && report_args+=(--note "$note")
"$java" -Djava.awt.headless=true -cp "$jar" dev.weft.bench.report.ChannelsReport "${report_args[@]}"
phase "report written"
echo "run-channels: $results/channels.md"
