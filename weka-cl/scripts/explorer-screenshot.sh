#!/usr/bin/env bash
# Opens the real Weka Explorer at its default size under Xvfb (a 1280x900 screen), trains
# ContinualMLP (EWC, lambda chosen per task) on the five digits parity tasks of examples/weka (task
# attribute "task"), evaluates it on the supplied test set, opens the options dialog beside it,
# checks that every field is visible without scrolling and that the kernel choice is in the Log
# panel, and saves a screenshot to docs/weka-explorer-continualmlp.png.
# Needs xvfb-run (Debian/Ubuntu: apt-get install -y xvfb) and Maven. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v xvfb-run > /dev/null || { echo "xvfb-run not found: apt-get install -y xvfb" >&2; exit 1; }
out="${1:-docs/weka-explorer-continualmlp.png}"
mvn -B -q -pl weka-cl -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath -Dmdep.outputFile=target/cp.txt
cp="weka-cl/target/test-classes:weka-cl/target/classes:$(cat weka-cl/target/cp.txt)"
# A throw-away WEKA_HOME: Weka writes props and a package cache there.
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
WEKA_HOME="$home" xvfb-run -a -s "-screen 0 1280x900x24" \
  java -Dweka.packageManager.offline=true -cp "$cp" org.engram.weka.ExplorerScreenshot \
  examples/weka/digits-parity-tasks.arff examples/weka/digits-parity-test.arff "$out" \
  | grep -v '^\s*at \|ZipException'
