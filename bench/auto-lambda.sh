#!/usr/bin/env bash
# Automatic lambda against fine-tuning and against a x10 lambda grid (issue 12), through the bench CLI.
#
#   DATA=/usr/share/datasets/fashion-mnist bench/auto-lambda.sh bench/results/auto-lambda/fashion
#   DATA=cl-core/src/main/resources/org/engram/cl/data/digits.csv.gz bench/auto-lambda.sh OUT
#
# Settings (environment): DATA (required), SCENARIOS (split-task split-domain split-class permuted),
# METHODS (ewc online-ewc mas si l2 lwf), SEEDS (1 2 3), VIA (core; also tribuo, weka, weka-stream),
# GRID_<method> (the x10 grid per method, e.g. GRID_ewc="1e3 1e4 1e5 1e6"), NOGRID=1 (no grid: fine-tuning
# and automatic lambda only, judged against fine-tuning alone), EXTRA (more bench flags,
# e.g. "--tasks 5"), JAVA_OPTS, JAR (a built examples jar). Each run writes OUT/<scenario>-<method>-<lambda|auto|naive>-<seed>.json
# and is skipped when that file exists (resumable); its output is kept next to it (.log) when the run
# failed or the lambda search logged something (LwF's lambda 0, a search whose every trial lost).
# Then bench/auto_lambda.py OUT prints and writes the table: fine-tuning's mean ACC, automatic lambda's, the best grid point's (mean over the same seeds),
# and whether automatic lambda is within 1 point of fine-tuning and 3 (task-IL, permuted) or 5
# (domain-IL) points of the best grid point.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: DATA=... bench/auto-lambda.sh OUTDIR}
: "${DATA:?set DATA to an IDX folder, a CSV or an ARFF file}"
SCENARIOS=${SCENARIOS:-"split-task split-domain split-class permuted"}
METHODS=${METHODS:-"ewc online-ewc mas si l2 lwf"}
SEEDS=${SEEDS:-"1 2 3"}
VIA=${VIA:-core}
JAR=${JAR:-examples/target/engram-examples.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
mkdir -p "$OUT"
grid() {
  [ "${NOGRID:-0}" = 1 ] && return 0
  local var="GRID_${1//-/_}"
  case $1 in
    ewc|online-ewc) echo "${!var:-1e2 1e3 1e4 1e5 1e6}" ;;
    mas) echo "${!var:-1e-2 1e-1 1 10 100}" ;;
    si) echo "${!var:-1 10 100 1e3 1e4}" ;;
    l2) echo "${!var:-1e-3 1e-2 1e-1 1 10}" ;;
    lwf) echo "${!var:-1e-2 1e-1 1 10}" ;;
  esac
}
run() { # scenario method tag seed [flags...]
  local f="$OUT/$1-$2-$3-$4.json"
  [ -s "$f" ] && return 0
  echo "$1 $2 $3 seed $4" >&2
  local log="$OUT/$1-$2-$3-$4.log"
  if java ${JAVA_OPTS:-} -jar "$JAR" bench --data "$DATA" --scenario "$1" --method "$2" --seed "$4" \
    --via "$VIA" --threads 1 ${EXTRA:-} "${@:5}" --json "$f.tmp" > "$log" 2>&1; then
    mv "$f.tmp" "$f"
    # a successful run keeps its output only when the lambda search said something
    grep -q "LambdaSearch" "$log" || rm -f "$log"
  else
    echo "failed: see $log" >&2
    return 1
  fi
}
for s in $SEEDS; do
  for sc in $SCENARIOS; do
    run "$sc" naive naive "$s"
    for m in $METHODS; do
      run "$sc" "$m" auto "$s"
      for l in $(grid "$m"); do run "$sc" "$m" "$l" "$s" --lambda "$l"; done
    done
  done
done
python3 bench/auto_lambda.py "$OUT"
