#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (base image Ubuntu 22.04): it installs
# what grading @TITLE@ needs. Idempotent: packages already installed are left alone, and when nothing is missing
# apt is not even called; the only network it uses is apt's.
#
# Made by `smtp-grader gradescope`. `setup.sh --check` only lists what it would install.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# Needed: a JDK 17 runs the tool (and compiles Java submissions), Python 3 runs Python submissions, gcc and make
# build C ones. Add your own packages to the end of this list.
required=(openjdk-17-jdk-headless python3 gcc make libc6-dev)
# Wanted, installed where apt has them: @PYTHON2_NOTE@bubblewrap holds each run in a sandbox;
# iproute2, nftables and util-linux give each run a network namespace of its own. Without them the tool falls back
# (the report's isolation line says how), so a missing one does not fail the setup.
wanted=(@PYTHON2@bubblewrap iproute2 nftables util-linux)

missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || printf '%s\n' "$p"
  done
}
mapfile -t need < <(missing "${required[@]}")
mapfile -t want < <(missing "${wanted[@]}")

if [[ "${1:-}" == --check ]]; then
  echo "required, missing: ${need[*]:-none}"
  echo "wanted, missing: ${want[*]:-none}"
  exit 0
fi

if ((${#need[@]} + ${#want[@]})); then
  apt-get update -qq
  if ((${#need[@]})); then
    apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  for p in "${want[@]}"; do
    apt-get install -y -qq --no-install-recommends "$p" || echo "setup.sh: could not install $p; grading goes on without it" >&2
  done
fi

# the tool runs: a broken setup shows here, when the autograder is built, not on the first submission
root="${AUTOGRADER_ROOT:-/autograder}"
java=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)/bin/java
[[ -x "$java" ]] || java=java
"$java" -Dsmtpgrader.home="$root/source" -jar "$root/source/smtp-grader.jar" --version
