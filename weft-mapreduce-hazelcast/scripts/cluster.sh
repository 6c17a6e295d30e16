#!/usr/bin/env bash
# cluster.sh: starts a Hazelcast cluster of separate member JVMs on this machine (loopback only),
# submits a weft word count of the given files to it from a client JVM, prints the result and
# stops the members. See docs/mapreduce-hazelcast.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: weft-mapreduce-hazelcast/scripts/cluster.sh [options] FILE...

Starts N Hazelcast members (dev.weft.mapreduce.hazelcast.HazelcastMember), each a separate JVM on
127.0.0.1, waits until they have formed one cluster, runs a word count of FILE... on it through a
client JVM (dev.weft.mapreduce.hazelcast.SubmitJob), prints word<TAB>count lines on stdout, and
stops the members, also when interrupted. The members read the files themselves, by byte ranges.

options:
  --members N      how many members (default 2)
  --base-port P    the first member's port; the others follow (default 5801)
  --cluster NAME   the cluster name (default weft-demo-<pid>, unique per run)
  --top K          print only the K most frequent words
  --no-build       do not build the module first (it must have been packaged)
  --keep-logs      keep the members' logs (printed path) instead of deleting them
  -h, --help       this help

Builds the module with the Maven wrapper first (package, no tests, nothing installed). Needs a
JDK >= 21: picks one as ./mvnw does when JAVA_HOME or java is older.
USAGE
}

die() {
  echo "cluster.sh: $*" >&2
  exit 2
}

MEMBERS=2
BASE_PORT=5801
CLUSTER="weft-demo-$$"
TOP=""
BUILD=true
KEEP_LOGS=false
FILES=()
while (($#)); do
  case "$1" in
    --members) MEMBERS="${2:?--members needs a value}"; shift 2 ;;
    --base-port) BASE_PORT="${2:?--base-port needs a value}"; shift 2 ;;
    --cluster) CLUSTER="${2:?--cluster needs a value}"; shift 2 ;;
    --top) TOP="${2:?--top needs a value}"; shift 2 ;;
    --no-build) BUILD=false; shift ;;
    --keep-logs) KEEP_LOGS=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --*) die "unknown option $1 (--help for usage)" ;;
    *) FILES+=("$1"); shift ;;
  esac
done
((${#FILES[@]})) || die "no files to count (--help for usage)"
[[ "$MEMBERS" =~ ^[1-9][0-9]*$ ]] || die "--members must be a positive number: $MEMBERS"
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] || die "--base-port must be a number: $BASE_PORT"
for f in "${FILES[@]}"; do [[ -r "$f" ]] || die "cannot read $f"; done

MODULE="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$MODULE")"
# Exports JAVA_HOME as a JDK >= 21 when the default one is older (the choice ./mvnw makes).
# shellcheck source=../../.mvn/select-jdk.sh
. "$ROOT/.mvn/select-jdk.sh"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if $BUILD; then
  echo "cluster.sh: building weft-mapreduce-hazelcast (./mvnw package, no tests)" >&2
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl weft-mapreduce-hazelcast -am package -DskipTests -Dmaven.javadoc.skip=true) >&2 \
    || die "the build failed"
fi
JAR="$(ls "$MODULE"/target/weft-mapreduce-hazelcast-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true)"
[[ -n "$JAR" && -d "$MODULE/target/lib" ]] || die "no $MODULE/target/weft-mapreduce-hazelcast-*.jar: run without --no-build"
CP="$JAR:$MODULE/target/lib/*"
# Hazelcast's own list of JVM options, so that it does not warn about JDK internals.
JVM_OPTS=(-Xmx256m --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
# JDK 24+ warns that Hazelcast calls sun.misc.Unsafe; the option does not exist before JDK 23.
major="$(weft_jdk_major "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}")"
if [[ -n "$major" ]] && ((major >= 24)); then JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow); fi

PORTS=()
for ((i = 0; i < MEMBERS; i++)); do PORTS+=($((BASE_PORT + i))); done
PORT_LIST="$(IFS=,; echo "${PORTS[*]}")"
ADDRESSES="$(printf '127.0.0.1:%s,' "${PORTS[@]}")"
ADDRESSES="${ADDRESSES%,}"

LOGS="$(mktemp -d "${TMPDIR:-/tmp}/weft-cluster.XXXXXX")"
PIDS=()
stop_members() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $KEEP_LOGS; then echo "cluster.sh: member logs in $LOGS" >&2; else rm -rf "$LOGS"; fi
}
trap stop_members EXIT
trap 'exit 130' INT TERM

for port in "${PORTS[@]}"; do
  "$JAVA" "${JVM_OPTS[@]}" -Dhazelcast.phone.home.enabled=false -cp "$CP" \
    dev.weft.mapreduce.hazelcast.HazelcastMember --cluster "$CLUSTER" --port "$port" --members "$PORT_LIST" \
    >"$LOGS/member-$port.log" 2>&1 &
  PIDS+=($!)
done
echo "cluster.sh: started $MEMBERS members of cluster $CLUSTER on $ADDRESSES (pids ${PIDS[*]})" >&2

# Formed when every member's log shows a member list of the full size.
deadline=$((SECONDS + 90))
while :; do
  formed=0
  for port in "${PORTS[@]}"; do
    if grep -q "Members {size:$MEMBERS," "$LOGS/member-$port.log" 2>/dev/null; then formed=$((formed + 1)); fi
  done
  ((formed == MEMBERS)) && break
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { cat "$LOGS"/member-*.log >&2; die "member $pid exited before the cluster formed"; }
  done
  ((SECONDS < deadline)) || { KEEP_LOGS=true; die "the cluster did not form within 90 s"; }
  sleep 0.5
done
echo "cluster.sh: cluster formed" >&2

SUBMIT=(--cluster "$CLUSTER" --members "$ADDRESSES")
[[ -z "$TOP" ]] || SUBMIT+=(--top "$TOP")
status=0
"$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.weft.mapreduce.hazelcast.SubmitJob "${SUBMIT[@]}" "${FILES[@]}" || status=$?
exit "$status"
