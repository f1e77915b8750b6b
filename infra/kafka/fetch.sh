#!/usr/bin/env bash
# Download the Kafka broker + tools jars from Maven Central (see pom.xml) into
# $KAFKA_LIBS_DIR, unless they are already there for this exact pom.xml.
#
# Env:
#   KAFKA_LIBS_DIR     where the jars go         (default: infra/kafka/.dist/libs)
#   MAVEN_REPO_LOCAL   Maven local repository    (default: Maven's own, ~/.m2/repository)
#   MVN                maven executable          (default: mvn)
#
# Prints the libs directory on the last line of stdout, so callers can do
#   LIBS="$(infra/kafka/fetch.sh | tail -n1)"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/pom.xml"
LIBS="${KAFKA_LIBS_DIR:-$HERE/.dist/libs}"
MVN="${MVN:-mvn}"
MARKER="$LIBS/.pom.sha256"   # not a .jar, so "libs/*" on a classpath ignores it

pom_hash="$(sha256sum "$POM" | cut -d' ' -f1)"

cached() {
  [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$pom_hash" ]] \
    && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null
}

if cached; then
  echo "kafka jars already cached" >&2
  echo "$LIBS"
  exit 0
fi

command -v "$MVN" >/dev/null || { echo "fetch.sh: '$MVN' not found (apt-get install -y maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "fetch.sh: java not found (apt-get install -y openjdk-17-jre-headless)" >&2; exit 1; }

mkdir -p "$(dirname "$LIBS")"
# Serialise concurrent fetches (two start.sh at once) on a lock file next to the libs dir.
exec 9>"$(dirname "$LIBS")/.fetch.lock"
flock 9
if cached; then   # someone else finished while we waited
  echo "$LIBS"
  exit 0
fi

# Copy into a fresh temp dir and swap it in, so a half-finished or older
# download never mixes jars of two Kafka versions on the classpath.
tmp="$LIBS.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT

mvn_args=(-B -q -Dstyle.color=never -f "$POM" -Dkafka.libs.dir="$tmp")
if [[ -n "${MAVEN_REPO_LOCAL:-}" ]]; then
  mvn_args+=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")
fi

echo "fetching kafka jars with maven (first run downloads ~50 MB)..." >&2
start_ns=$(date +%s%N)
# Maven 3.8 prints stray ANSI resets even with -B -q -Dstyle.color=never: strip
# them. pipefail keeps mvn's exit status. All of it goes to stderr.
"$MVN" "${mvn_args[@]}" package 2>&1 | sed -u $'s/\x1b\\[[0-9;]*m//g' >&2
echo "$pom_hash" >"$tmp/.pom.sha256"

rm -rf "$LIBS"
mv "$tmp" "$LIBS"
trap - EXIT

elapsed=$(( ($(date +%s%N) - start_ns) / 1000000 ))
jars=("$LIBS"/*.jar)
printf 'fetched %d jars in %d.%03ds\n' "${#jars[@]}" $((elapsed / 1000)) $((elapsed % 1000)) >&2
echo "$LIBS"
