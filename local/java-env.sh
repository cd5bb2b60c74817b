# Sourced by local/run and local/invoke: finds a JDK 21+ and makes sure the build is current.
# shellcheck shell=bash

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x "$dir/bin/java" ]] && candidates+=("$dir/bin/java")
  done
  local best="" best_major=0 major
  for candidate in "${candidates[@]}"; do
    major="$(java_major "$candidate" || true)"
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [[ -z "$best" ]]; then
    echo "local: needs a JDK 21 or newer (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    exit 1
  fi
  echo "$best"
}

ensure_built() {
  local stamp="$root/local/target/classpath.txt"
  if [[ ! -f "$stamp" ]] || [[ -n "$(find "$root/functions" "$root/shared" "$root/local/src" "$root/migrations" \
        "$root/pom.xml" -newer "$stamp" -type f \( -name '*.java' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.xml' \) \
        -not -path '*/target/*' -print -quit)" ]]; then
    echo "local: building (./mvnw -DskipTests install)..." >&2
    # one Maven build at a time in this checkout: another build rewriting target/ under this one breaks both
    local lock=()
    command -v flock >/dev/null 2>&1 && lock=(flock /tmp/agent-mitra-maven.lock)
    (cd "$root" && "${lock[@]}" ./mvnw -q -B -DskipTests install) >&2
  fi
}

JAVA="$(find_java)"
ensure_built
CLASSPATH_FILE="$root/local/target/classpath.txt"
LOCAL_CLASSPATH="$root/local/target/classes:$(cat "$CLASSPATH_FILE")"
