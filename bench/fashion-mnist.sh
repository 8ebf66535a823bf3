#!/usr/bin/env bash
# Runs every method in every scenario on Fashion-MNIST through engram-examples.jar and writes
# bench/results/fashion-mnist/{results.md,results.csv,*.png} plus one JSON and one log per run.
#
# Usage: bench/fashion-mnist.sh            (from the repository root; resumable: finished runs are
#                                           skipped, delete results/fashion-mnist/json to redo them)
# Settings (environment variables, defaults in brackets):
#   HIDDEN [100,100]  EPOCHS [4]  BATCH [128]  LR [0.001]  SEED [1]
#   PERM_TASKS [5]  PERM_EPOCHS [1]   permuted runs are cut down: 10 tasks x 4 epochs of 60,000
#                                       images is ~2.4 M examples per method
#   METHODS ["naive ewc online-ewc mas si l2 lwf joint"]
#   SCENARIOS ["split-domain split-task split-class permuted"]
#   LAMBDAS ["ewc=1e5 online-ewc=1e5 mas=10 si=1000 l2=1 lwf=1"]  (the demo's domain-IL values,
#            chosen on split digits; not tuned on Fashion-MNIST)
#   DATA [/usr/share/datasets/fashion-mnist]  OUT [bench/results/fashion-mnist]
#   JAR [examples/target/engram-examples.jar]  JAVA_OPTS [-Xmx12g: joint keeps every task's data; permuted joint needs > 4g]
set -euo pipefail
cd "$(dirname "$0")/.."

HIDDEN=${HIDDEN:-100,100}
EPOCHS=${EPOCHS:-4}
BATCH=${BATCH:-128}
LR=${LR:-0.001}
SEED=${SEED:-1}
PERM_TASKS=${PERM_TASKS:-5}
PERM_EPOCHS=${PERM_EPOCHS:-1}
METHODS=${METHODS:-naive ewc online-ewc mas si l2 lwf joint}
SCENARIOS=${SCENARIOS:-split-domain split-task split-class permuted}
LAMBDAS=${LAMBDAS:-ewc=1e5 online-ewc=1e5 mas=10 si=1000 l2=1 lwf=1}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
OUT=${OUT:-bench/results/fashion-mnist}
JAR=${JAR:-examples/target/engram-examples.jar}
JAVA_OPTS=${JAVA_OPTS:--Xmx12g}

if [ ! -e "$DATA/train-images-idx3-ubyte.gz" ] && [ ! -e "$DATA/train-images-idx3-ubyte" ]; then
  echo "Fashion-MNIST not found in $DATA: installing dataset-fashion-mnist"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  $SUDO apt-get install -y dataset-fashion-mnist
fi
if [ ! -f "$JAR" ]; then
  echo "building $JAR"
  mvn -B -q package -DskipTests
fi

lambda_of() {
  for kv in $LAMBDAS; do
    if [ "${kv%%=*}" = "$1" ]; then echo "${kv#*=}"; return; fi
  done
}

mkdir -p "$OUT/json" "$OUT/logs"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "settings: hidden $HIDDEN, epochs $EPOCHS (permuted: $PERM_TASKS tasks, $PERM_EPOCHS epochs)," \
    "batch $BATCH, Adam lr $LR, seed $SEED, lambdas: $LAMBDAS"
} > "$OUT/run-info.txt"

for scenario in $SCENARIOS; do
  for method in $METHODS; do
    json="$OUT/json/$scenario-$method.json"
    if [ -f "$json" ]; then
      echo "skip $scenario $method (done)"
      continue
    fi
    args=(bench --data "$DATA" --scenario "$scenario" --method "$method"
          --hidden "$HIDDEN" --batch "$BATCH" --lr "$LR" --seed "$SEED")
    if [ "$scenario" = permuted ]; then
      args+=(--tasks "$PERM_TASKS" --epochs "$PERM_EPOCHS")
    else
      args+=(--epochs "$EPOCHS")
    fi
    lambda=$(lambda_of "$method")
    if [ -n "$lambda" ]; then args+=(--lambda "$lambda"); fi
    echo "$(date -u +%H:%M:%S) $scenario $method ${lambda:+lambda $lambda}"
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$JAR" "${args[@]}" --json "$json.tmp" > "$OUT/logs/$scenario-$method.log" 2>&1
    mv "$json.tmp" "$json"
    grep '^ACC' "$OUT/logs/$scenario-$method.log" || true
  done
done

/usr/bin/python3 bench/summarise.py "$OUT" --title "Fashion-MNIST"
