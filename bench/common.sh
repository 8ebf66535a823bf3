# Shared settings and helpers of the bench scripts (sourced, not run). One definition of the
# protocols, the data, the Engram jar, the native BLAS and the PyTorch the timings are compared with.
#
# Every setting is an environment variable; defaults in brackets.
#   DATA        [/usr/share/datasets/fashion-mnist]  IDX folder (Debian's dataset-fashion-mnist)
#   JAR         [examples/target/engram-examples.jar]  built on demand (mvn -q package -DskipTests)
#   JAVA        [java]   JAVA_OPTS [-Xmx4g]
#   NATIVE_BLAS_DIR  [unset]  a folder holding an optimised libblas.so.3 (e.g.
#               /usr/lib/x86_64-linux-gnu/openblas-pthread) put first on LD_LIBRARY_PATH of the
#               Engram runs with --kernel auto, for a machine where the system's libblas.so.3 is
#               not OpenBLAS; unset = whatever libblas.so.3 the system resolves
#   TORCH_VENV  [bench/.torch-venv]  the virtual environment holding PyTorch 2.x from pip: created
#               with `python3 -m venv` and `pip install torch numpy` when it has no torch, reused
#               otherwise; Debian's python3-torch (1.x, often on the reference BLAS) is the
#               fallback only when pip cannot install one. TORCH_PYTHON [unset] names an
#               interpreter to use instead.
#   TORCH_PIP   ["torch>=2" numpy]  what pip installs into TORCH_VENV
#
# Timing protocols (PROTOCOL, for time-ratio.sh and thread-scaling.sh):
#   issue    issue 15's: permuted, 3 tasks x 3 epochs of the 60,000 Fashion-MNIST images (there is
#            no MNIST on these machines; same 784 pixels), MLP 784-400-400-10
#   fashion  split-domain, 5 tasks x 1 epoch (one 60,000-image epoch), MLP 784-256-256-10
# Both: batch 128, Adam lr 0.001, fine-tuning (naive: no λ, so no automatic λ search is timed),
# seed 1. Timing runs must not let Engram choose λ automatically (it trains trial models): a method
# with a λ is always given --lambda by these scripts.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
JAR=${JAR:-examples/target/engram-examples.jar}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xmx4g}
TORCH_VENV=${TORCH_VENV:-bench/.torch-venv}
TORCH_PIP=${TORCH_PIP:-torch>=2 numpy}

# Settings of the accuracy runs (fashion-mnist.sh, compare-pytorch.sh, replay-calibration.sh).
HIDDEN=${HIDDEN:-100,100}
EPOCHS=${EPOCHS:-4}
BATCH=${BATCH:-128}
LR=${LR:-0.001}
SEED=${SEED:-1}
PERM_TASKS=${PERM_TASKS:-5}
PERM_EPOCHS=${PERM_EPOCHS:-1}
METHODS=${METHODS:-naive ewc online-ewc mas si l2 lwf joint}
SCENARIOS=${SCENARIOS:-split-domain split-task split-class permuted}
# Fixed λ for the Engram-against-PyTorch accuracy runs, which need the same λ on both sides (the
# former defaults, chosen on split digits, not tuned on Fashion-MNIST); "auto" lets Engram choose λ per
# task (PyTorch's script has no automatic λ: it then uses its own defaults). Automatic λ against
# fine-tuning and a λ grid is bench/auto-lambda.sh's job.
LAMBDAS=${LAMBDAS:-ewc=1e5 online-ewc=1e5 mas=10 si=1000 l2=1 lwf=1}

sudo_if_needed() {
  if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi
}

# The λ LAMBDAS gives a method, empty for one without (naive, joint: --lambda is refused there).
lambda_of() {
  local kv
  for kv in $LAMBDAS; do
    if [ "${kv%%=*}" = "$1" ]; then echo "${kv#*=}"; return; fi
  done
}

need_data() {
  if [ ! -e "$DATA/train-images-idx3-ubyte.gz" ] && [ ! -e "$DATA/train-images-idx3-ubyte" ]; then
    echo "Fashion-MNIST not found in $DATA: installing dataset-fashion-mnist" >&2
    sudo_if_needed apt-get install -y dataset-fashion-mnist
  fi
}

need_jar() {
  if [ ! -f "$JAR" ]; then
    echo "building $JAR" >&2
    (cd "$BENCH_ROOT" && mvn -B -q package -DskipTests)
  fi
}

# Sets TORCH_PY to a Python whose torch is 2.x when pip can provide one (see TORCH_VENV).
need_torch() {
  if [ -n "${TORCH_PYTHON:-}" ]; then
    TORCH_PY=$TORCH_PYTHON
  else
    TORCH_PY=$TORCH_VENV/bin/python
    if ! "$TORCH_PY" -c 'import torch, numpy' 2>/dev/null; then
      echo "no PyTorch in $TORCH_VENV: creating it with pip's torch ($TORCH_PIP)" >&2
      # Few retries and a short timeout: where the public index is unreachable and a local mirror
      # serves the packages, pip's defaults wait minutes on every package before using the mirror.
      # shellcheck disable=SC2086
      if ! { [ -x "$TORCH_PY" ] || python3 -m venv "$TORCH_VENV"; } \
          || ! "$TORCH_VENV/bin/pip" install --retries 1 --timeout 30 $TORCH_PIP >&2; then
        echo "pip could not provide PyTorch 2.x: falling back to Debian's python3-torch" >&2
        /usr/bin/python3 -c 'import torch' 2>/dev/null \
          || sudo_if_needed apt-get install -y python3-torch python3-numpy
        TORCH_PY=/usr/bin/python3
      fi
    fi
  fi
  TORCH_INFO=$("$TORCH_PY" "$BENCH_ROOT/bench/pytorch_cl.py" --describe)
  case "$TORCH_INFO" in
    "torch 1."*) echo "warning: comparing with $TORCH_INFO, not a current 2.x build" >&2 ;;
  esac
}

# Environment of an Engram run with kernel $1 (java, auto or netlib) and $2 threads: a native
# BLAS runs each product on the calling thread (OPENBLAS_NUM_THREADS=1) while Engram's threads
# split the step, unless ENGRAM_BLAS_THREADS says otherwise.
engram_env() {
  local env=(OPENBLAS_NUM_THREADS="${ENGRAM_BLAS_THREADS:-1}")
  if [ "$1" != java ] && [ -n "${NATIVE_BLAS_DIR:-}" ]; then
    env+=(LD_LIBRARY_PATH="$NATIVE_BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  fi
  printf '%s\n' "${env[@]}"
}

# The bench flags of a timing protocol (see PROTOCOL above).
protocol_flags() {
  case "$1" in
    issue) echo "--scenario permuted --tasks 3 --epochs 3 --hidden 400,400" ;;
    fashion) echo "--scenario split-domain --epochs 1 --hidden 256,256" ;;
    *) echo "unknown PROTOCOL '$1' (issue or fashion)" >&2; return 2 ;;
  esac
}

protocol_text() {
  case "$1" in
    issue) echo "permuted Fashion-MNIST (issue 15's protocol on Fashion-MNIST's 784-pixel images: no MNIST here), 3 tasks x 3 epochs of 60,000 images, MLP 784-400-400-10" ;;
    fashion) echo "split-domain Fashion-MNIST, 5 tasks x 1 epoch (one 60,000-image epoch), MLP 784-256-256-10" ;;
  esac
}

# One line on the machine and on what else ran on it.
machine_line() {
  local others
  others=$(ps -eo pcpu=,comm= | awk '$1 > 5 {n++} END {print n + 0}')
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$JAVA" -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg), $others other processes above 5 % CPU"
}
