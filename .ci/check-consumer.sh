#!/usr/bin/env bash
# Proves README.md's "Use it" coordinates: installs this checkout's artifacts into a private local
# repository, checks that only the library artifacts were installed, and builds .ci/consumer (a
# project outside the reactor that imports weft-bom and tests with weft-test under JUnit 5)
# against them.
#
# The private repository is the head of a chained local repository whose read-only tail is the
# user's ~/.m2/repository (Maven 3.9's maven.repo.local.tail): plugins and dependencies already
# downloaded are reused, and nothing is written to ~/.m2, so other builds on the machine never see
# these SNAPSHOT jars. Set WEFT_M2_TAIL to use another tail. Run after `./mvnw verify` (it reuses
# the compiled classes in target/); on its own it compiles what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tail_repo=${WEFT_M2_TAIL:-$HOME/.m2/repository}
repo=(-Dmaven.repo.local="$tmp/repo" -Dmaven.repo.local.tail="$tail_repo")
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
start=$(date +%s)

echo "check-consumer: installing weft $version into a private repository"
./mvnw -B -ntp -q "${repo[@]}" install -DskipTests

# Only the library artifacts (and the parent POM they inherit from) are installed.
installed=$(cd "$tmp/repo/dev/weft" && ls | sort | tr '\n' ' ')
expected="weft-bom weft-core weft-flow weft-mapreduce weft-mapreduce-hazelcast weft-parent weft-redis weft-resilience weft-test "
if [ "$installed" != "$expected" ]; then
  echo "check-consumer: installed [$installed], expected [$expected]" >&2
  exit 1
fi
for m in weft-core weft-flow weft-mapreduce weft-mapreduce-hazelcast weft-redis weft-resilience weft-test; do
  for c in "" -sources -javadoc; do
    f="$tmp/repo/dev/weft/$m/$version/$m-$version$c.jar"
    [ -s "$f" ] || { echo "check-consumer: missing $f" >&2; exit 1; }
  done
done

echo "check-consumer: building .ci/consumer against it"
cp -R .ci/consumer "$tmp/consumer"
(cd "$tmp/consumer" && "$root/mvnw" -B -ntp "${repo[@]}" -Dweft.version="$version" test)
echo "check-consumer: passed in $(( $(date +%s) - start )) s"
