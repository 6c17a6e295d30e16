#!/usr/bin/env bash
# weft-redis benchmarks: decisions of weft-redis's token bucket against Bucket4j's Redis backends
# (Jedis and Lettuce, compare-and-set) and a hand-written INCR + EXPIRE fixed window, in one run
# against one local redis-server started here on a free loopback port and stopped at the end.
#
#   weft-bench/run-redis.sh          full run: each implementation, each shape in a JVM of its own,
#                                    5 s warm-up + 10 s measured; about 4 minutes
#   weft-bench/run-redis.sh --quick  smoke run, about 1 minute: 1 s warm-up + 2 s measured
#   weft-bench/run-redis.sh [--quick] [--note TEXT] [--clients N]
#
# Shapes: 64 virtual-thread clients on one hot key, and on 10,000 keys. Figures per decision:
# rate, p50/p99/p99.9 latency, commands the clients sent (from Redis's INFO commandstats) and bytes
# allocated on the client. Writes weft-bench/results/redis.md and redis.png. Installs Debian's
# redis-server when it is missing (weft-redis/scripts/ensure-redis.sh). Take real numbers on a
# quiet machine: Redis, the clients and the JIT share the cores.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")
results="$bench_dir/results"
quick=false
note=""
clients=64
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --note) [ $# -ge 2 ] || { echo "run-redis.sh: --note needs a text" >&2; exit 2; }
      note=$2; shift ;;
    --clients) [ $# -ge 2 ] || { echo "run-redis.sh: --clients needs a number" >&2; exit 2; }
      clients=$2; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run-redis.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

. "$root/.mvn/select-jdk.sh"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi
server=$(bash "$root/weft-redis/scripts/ensure-redis.sh")
cli="$(dirname "$server")/redis-cli"

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
mkdir -p "$results"
lines="$results/redis-lines.tsv"
rm -f "$lines"

echo "run-redis: building weft-bench/target/benchmarks.jar"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl weft-bench -am package -Dmaven.test.skip=true \
  -Dkotlin.compiler.daemon=false
jar="$bench_dir/target/benchmarks.jar"

# A free loopback port: the first of a few random ones that nothing answers on.
port=""
for _ in $(seq 1 50); do
  p=$(( 20000 + RANDOM % 20000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "run-redis: no free loopback port found" >&2; exit 1; }
dir=$(mktemp -d)
"$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
  --logfile "$dir/redis.log" --daemonize yes --pidfile "$dir/redis.pid"
stop_redis() {
  "$cli" -p "$port" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop_redis EXIT
for _ in $(seq 1 100); do
  "$cli" -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done
version=$("$server" --version | sed -E 's/.* v=([^ ]+).*/\1/')
echo "run-redis: redis-server $version on 127.0.0.1:$port"

if $quick; then timing=(--warmup 1 --seconds 2); else timing=(--warmup 5 --seconds 10); fi
for keys in 1 10000; do
  for impl in weft bucket4j-jedis bucket4j-lettuce incr-expire; do
    echo "run-redis: $impl, $keys key(s), $clients clients"
    "$java" -Xmx1g -cp "$jar" dev.weft.bench.redis.RedisLoad --port "$port" --impl "$impl" \
      --keys "$keys" --clients "$clients" "${timing[@]}" --out "$lines" >/dev/null
  done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
report_args=(--lines "$lines" --out "$results/redis.md" --redis "$version"
  --load "$load_before at the start, $load_after at the end"
  --command "weft-bench/run-redis.sh$($quick && echo ' --quick' || true)")
$quick && report_args+=(--quick)
[ -n "$note" ] && report_args+=(--note "$note")
"$java" -cp "$jar" dev.weft.bench.report.RedisReport "${report_args[@]}"
echo "run-redis: $results/redis.md ($(( $(date +%s) - started )) s)"
