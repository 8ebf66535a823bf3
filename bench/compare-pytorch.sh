#!/usr/bin/env bash
# The bench protocol in PyTorch (bench/pytorch_cl.py, Debian's python3-torch), run beside
# engram-examples.jar on the same data and settings; writes
# bench/results/pytorch/{json/,logs/,results.md,results.csv,*.png} and
# bench/results/comparison.md / comparison.csv (accuracy per method and scenario, time ratio).
#
# Usage: bench/compare-pytorch.sh   (from the repository root; resumable)
# The Engram side is read from bench/results/fashion-mnist/json (bench/fashion-mnist.sh, same
# defaults); runs missing there are made here. Settings as in fashion-mnist.sh (HIDDEN, EPOCHS,
# BATCH, LR, SEED, PERM_TASKS, PERM_EPOCHS, METHODS, SCENARIOS, LAMBDAS, DATA), plus
# TORCH_THREADS [1], COMPARE_OUT [bench/results], RUN_ENGRAM [1] (0: only PyTorch runs; use while fashion-mnist.sh runs beside
# it). OMP_WAIT_POLICY=PASSIVE is set: on 2 vCPUs PyTorch's OpenMP threads
# otherwise spin against OpenBLAS's (see notes/performance.md). Engram's portable kernel is
# single-threaded, so one thread against one thread is the fair default.
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
TORCH_THREADS=${TORCH_THREADS:-1}
ENGRAM_OUT=${ENGRAM_OUT:-bench/results/fashion-mnist}
OUT=${OUT:-bench/results/pytorch}
JAR=${JAR:-examples/target/engram-examples.jar}
RUN_ENGRAM=${RUN_ENGRAM:-1}
COMPARE_OUT=${COMPARE_OUT:-bench/results}
export OMP_WAIT_POLICY=PASSIVE
export OPENBLAS_NUM_THREADS=1

PY=/usr/bin/python3
if ! $PY -c 'import torch' 2>/dev/null; then
  echo "python3-torch is missing: installing Debian's python3-torch"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  $SUDO apt-get install -y python3-torch python3-matplotlib
fi
if [ ! -e "$DATA/train-images-idx3-ubyte.gz" ] && [ ! -e "$DATA/train-images-idx3-ubyte" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  $SUDO apt-get install -y dataset-fashion-mnist
fi

lambda_of() {
  for kv in $LAMBDAS; do
    if [ "${kv%%=*}" = "$1" ]; then echo "${kv#*=}"; return; fi
  done
}

mkdir -p "$OUT/json" "$OUT/logs" "$ENGRAM_OUT/json" "$ENGRAM_OUT/logs"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "torch: $($PY -c 'import torch; print(torch.__version__)'), $TORCH_THREADS thread(s), OMP_WAIT_POLICY=PASSIVE"
  echo "settings: hidden $HIDDEN, epochs $EPOCHS (permuted: $PERM_TASKS tasks, $PERM_EPOCHS epochs)," \
    "batch $BATCH, Adam lr $LR, seed $SEED, lambdas: $LAMBDAS"
} > "$OUT/run-info.txt"

for scenario in $SCENARIOS; do
  for method in $METHODS; do
    common=(--data "$DATA" --scenario "$scenario" --method "$method"
            --hidden "$HIDDEN" --batch "$BATCH" --lr "$LR" --seed "$SEED")
    if [ "$scenario" = permuted ]; then
      common+=(--tasks "$PERM_TASKS" --epochs "$PERM_EPOCHS")
    else
      common+=(--epochs "$EPOCHS")
    fi
    lambda=$(lambda_of "$method")
    if [ -n "$lambda" ]; then common+=(--lambda "$lambda"); fi
    tjson="$OUT/json/$scenario-$method.json"
    if [ ! -f "$tjson" ]; then
      echo "$(date -u +%H:%M:%S) pytorch $scenario $method"
      $PY bench/pytorch_cl.py "${common[@]}" --threads "$TORCH_THREADS" --json "$tjson.tmp" \
        > "$OUT/logs/$scenario-$method.log" 2>&1
      mv "$tjson.tmp" "$tjson"
    fi
    ejson="$ENGRAM_OUT/json/$scenario-$method.json"
    if [ ! -f "$ejson" ] && [ "$RUN_ENGRAM" = 1 ]; then
      echo "$(date -u +%H:%M:%S) engram $scenario $method"
      java ${JAVA_OPTS:--Xmx12g} -jar "$JAR" bench "${common[@]}" --json "$ejson.tmp" \
        > "$ENGRAM_OUT/logs/$scenario-$method.log" 2>&1
      mv "$ejson.tmp" "$ejson"
    fi
  done
done

$PY bench/summarise.py "$OUT" --title "Fashion-MNIST, PyTorch"
mkdir -p "$COMPARE_OUT"
$PY bench/compare.py "$ENGRAM_OUT" "$OUT" "$COMPARE_OUT"
