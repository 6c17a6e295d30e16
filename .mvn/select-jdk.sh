# Sourced by ./mvnw and ./weft (POSIX sh). weft compiles for release 21 and Maven itself must run
# on a JDK >= 21: the jar tool of an older JDK rejects release-21 module descriptors. When
# JAVA_HOME (or the java on PATH) is older, this picks the newest JDK >= 21 installed alongside
# and exports JAVA_HOME. See docs/adr/0003-maven-runs-on-jdk-21.md.

weft_jdk_major() {
  # $1: a JDK home. Prints its feature version, or nothing when unknown.
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

weft_select_jdk() {
  weft_min=21
  weft_cur="${JAVA_HOME:-}"
  if [ -z "$weft_cur" ] && command -v java >/dev/null 2>&1; then
    weft_cur=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  weft_v=$(weft_jdk_major "$weft_cur")
  if [ -n "$weft_v" ] && [ "$weft_v" -ge "$weft_min" ]; then
    return 0
  fi
  weft_best=""
  weft_bestv=0
  weft_globbing_off=false
  case $- in *f*) weft_globbing_off=true; set +f ;; esac
  for weft_d in /usr/lib/jvm/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/* /opt/java/* /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$weft_d/bin/java" ] && [ -x "$weft_d/bin/javac" ] || continue
    weft_v=$(weft_jdk_major "$weft_d")
    [ -n "$weft_v" ] || continue
    if [ "$weft_v" -ge "$weft_min" ] && [ "$weft_v" -gt "$weft_bestv" ]; then
      weft_best=$weft_d
      weft_bestv=$weft_v
    fi
  done
  if $weft_globbing_off; then set -f; fi
  if [ -z "$weft_best" ]; then
    echo "weft: needs a JDK >= $weft_min; JAVA_HOME/java is ${weft_cur:-missing} and none was found under /usr/lib/jvm, ~/.jdks or ~/.sdkman. Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
    exit 1
  fi
  JAVA_HOME=$weft_best
  export JAVA_HOME
}

weft_select_jdk
