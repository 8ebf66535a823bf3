#!/usr/bin/env python3
"""The engram-examples bench protocol written in PyTorch, for a side-by-side check.

Same data, scenarios, network, optimiser and method definitions as cl-core (see
shared notes/methods.md and cl-core's javadoc):
  split-task   class pairs 0-1, 2-3, ...; one 2-unit head per task, task id known
  split-domain class pairs; one shared 2-unit head, target = position in the pair
  split-class  class pairs; one shared head, only the classes seen so far take part
  permuted     all classes every task; task 1 unpermuted, then seeded pixel permutations
Methods: naive, joint, ewc ((λ/2)ΣF(θ−θ*)², one Fisher per task, per-sample empirical Fisher),
online-ewc (Ω ← γΩ + F), mas (λΣΩ(θ−θ*)², Ω = mean |∂‖f(x)‖²/∂θ|, summed over tasks),
si (λΣΩ(θ−θ*)², Zenke's path integral with the data gradient, ξ = 0.1, clipped at 0, summed),
l2 (λΣ(θ−θ*)² to the last task's parameters), lwf (λ·T²·KL to a snapshot's outputs).
A fresh Adam per task, minibatch mean cross-entropy, He-normal initialisation, zero biases.

Writes the bench JSON (accuracy_matrix, acc, bwt, fwt, forgetting, train_seconds, ...);
peak_heap_mb is the process's peak resident set here (there is no heap); torch_info says which
torch ran (version, BLAS, threads, as torch reports them). `pytorch_cl.py --describe` prints that
line alone.
"""
import argparse
import gzip
import json
import os
import re
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic = int.from_bytes(raw[:4], "big")
    if magic == 0x803:
        n, r, c = (int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(raw, np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / 255
    if magic == 0x801:
        return np.frombuffer(raw, np.uint8, offset=8).astype(np.int64)
    raise ValueError("%s: not an IDX file" % path)


def find(d, *prefixes):
    for p in prefixes:
        for n in sorted(os.listdir(d)):
            if n.startswith(p):
                return os.path.join(d, n)
    raise FileNotFoundError("no %s file in %s" % ("/".join(prefixes), d))


def load(d):
    return (read_idx(find(d, "train-images")), read_idx(find(d, "train-labels")),
            read_idx(find(d, "t10k-images", "test-images")), read_idx(find(d, "t10k-labels", "test-labels")))


class Task:
    def __init__(self, tid, xtr, ytr, xte, yte, head, classes):
        self.id, self.head, self.classes = tid, head, classes
        self.xtr, self.ytr = torch.from_numpy(xtr), torch.from_numpy(ytr)
        self.xte, self.yte = torch.from_numpy(xte), torch.from_numpy(yte)


def make_tasks(a, xtr, ytr, xte, yte):
    tasks = []
    if a.scenario == "permuted":
        n = a.tasks or 10
        rng = np.random.RandomState(a.seed)
        for t in range(n):
            perm = np.arange(xtr.shape[1]) if t == 0 else rng.permutation(xtr.shape[1])
            tasks.append(Task(t, xtr[:, perm], ytr, xte[:, perm], yte, "shared", list(range(10))))
        return tasks, {"shared": 10}
    k = int(max(ytr.max(), yte.max())) + 1
    n = a.tasks or k // 2
    heads = {}
    for t in range(n):
        pair = [2 * t, 2 * t + 1]
        mtr, mte = np.isin(ytr, pair), np.isin(yte, pair)
        a_tr, a_te = ytr[mtr], yte[mte]
        if a.scenario in ("split-task", "split-domain"):
            a_tr, a_te = a_tr - 2 * t, a_te - 2 * t  # position in the pair
            classes = [0, 1]
        else:
            classes = pair
        head = "t%d" % t if a.scenario == "split-task" else "shared"
        heads[head] = 2 if a.scenario in ("split-task", "split-domain") else k
        tasks.append(Task(t, xtr[mtr], a_tr, xte[mte], a_te, head, classes))
    return tasks, heads


class Net(nn.Module):
    def __init__(self, d, hidden, heads):
        super().__init__()
        layers, prev = [], d
        for h in hidden:
            layers += [nn.Linear(prev, h), nn.ReLU()]
            prev = h
        self.trunk = nn.Sequential(*layers)
        self.heads = nn.ModuleDict({k: nn.Linear(prev, u) for k, u in heads.items()})
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x, head):
        return self.heads[head](self.trunk(x))


def masked(z, active):
    """Logits of classes not active (not seen yet) cannot be predicted and get no gradient."""
    if active is None or len(active) == z.shape[1]:
        return z
    m = torch.full((z.shape[1],), float("-inf"))
    m[list(active)] = 0
    return z + m


class Run:
    def __init__(self, a, tasks, heads, d):
        self.a, self.tasks = a, tasks
        torch.manual_seed(a.seed)
        self.net = Net(d, a.hidden, heads)
        self.class_il = a.scenario == "split-class"
        self.slots = []          # (omega, anchor) pairs; EWC keeps one per task
        self.snapshot = None     # LwF
        self.old_heads = []      # LwF: (head, active units) of the snapshot
        self.si_omega = None

    def active(self, upto):
        if not self.class_il:
            return None
        return sorted({c for t in self.tasks[: upto + 1] for c in t.classes})

    def params(self):
        return [p for p in self.net.parameters()]

    def seen_mask(self, upto):
        """1 for parameters that exist in cl-core after task `upto` (unseen heads/units do not)."""
        masks = []
        seen_heads = {t.head for t in self.tasks[: upto + 1]}
        act = self.active(upto)
        for name, p in self.net.named_parameters():
            m = torch.ones_like(p)
            if name.startswith("heads."):
                key = name.split(".")[1]
                if key not in seen_heads:
                    m.zero_()
                elif act is not None:
                    keep = torch.zeros(p.shape[0])
                    keep[act] = 1
                    m = m * (keep[:, None] if p.dim() == 2 else keep)
            masks.append(m)
        return masks

    def penalty_grads(self):
        """Adds the quadratic penalty's gradient to .grad; returns the penalty value."""
        m, lam = self.a.method, self.a.lam
        if m not in ("ewc", "online-ewc", "mas", "si", "l2") or not self.slots or lam == 0:
            return 0.0
        strength = lam / 2 if m in ("ewc", "online-ewc") else lam
        total = 0.0
        with torch.no_grad():
            for omega, anchor in self.slots:
                for p, o, s in zip(self.params(), omega, anchor):
                    diff = p - s
                    total += strength * float((o * diff * diff).sum())
                    p.grad.add_(2 * strength * o * diff)
        return total

    def lwf_loss(self, x):
        if self.a.method != "lwf" or self.snapshot is None or self.a.lam == 0:
            return 0
        T, loss = self.a.temperature, 0
        with torch.no_grad():
            f_old = self.snapshot.trunk(x)
        f_new = self.net.trunk(x)
        for head, units in self.old_heads:
            with torch.no_grad():
                q = F.softmax(self.snapshot.heads[head](f_old)[:, units] / T, dim=1)
            logp = F.log_softmax(self.net.heads[head](f_new)[:, units] / T, dim=1)
            loss = loss + self.a.lam * T * T * (q * (torch.log(q + 1e-12) - logp)).sum(1).mean()
        return loss

    def batches(self, k):
        """Training rows of task k (all tasks so far under joint) as (x, y, head, row task)."""
        idx = range(k + 1) if self.a.method == "joint" else [k]
        xs = torch.cat([self.tasks[i].xtr for i in idx])
        ys = torch.cat([self.tasks[i].ytr for i in idx])
        ts = torch.cat([torch.full((len(self.tasks[i].ytr),), i) for i in idx])
        return xs, ys, ts

    def ce(self, x, y, ts, k):
        heads = sorted({self.tasks[int(i)].head for i in ts.unique()})
        act = self.active(k)
        if len(heads) == 1:
            return F.cross_entropy(masked(self.net(x, heads[0]), act), y)
        f = self.net.trunk(x)
        loss = 0
        for h in heads:
            rows = torch.tensor([self.tasks[int(i)].head == h for i in ts])
            loss = loss + F.cross_entropy(self.net.heads[h](f[rows]), y[rows], reduction="sum")
        return loss / len(y)

    def learn(self, k):
        a = self.a
        opt = torch.optim.Adam(self.net.parameters(), lr=a.lr)
        xs, ys, ts = self.batches(k)
        g = torch.Generator().manual_seed(a.seed * 1000 + k)
        if a.method == "si":
            start = [p.detach().clone() for p in self.params()]
            omega = [torch.zeros_like(p) for p in self.params()]
        t0 = time.perf_counter()
        for _ in range(a.epochs):
            perm = torch.randperm(len(ys), generator=g)
            for b in range(0, len(ys), a.batch):
                i = perm[b: b + a.batch]
                x, y, t = xs[i], ys[i], ts[i]
                opt.zero_grad()
                loss = self.ce(x, y, t, k)
                extra = self.lwf_loss(x)
                (loss + extra).backward()
                for p in self.params():
                    if p.grad is None:  # heads not used by this batch (task-IL)
                        p.grad = torch.zeros_like(p)
                if a.method == "si":
                    data_grad = [p.grad.detach().clone() for p in self.params()]
                    before = [p.detach().clone() for p in self.params()]
                self.penalty_grads()
                opt.step()
                if a.method == "si":
                    with torch.no_grad():
                        for o, gr, p, pb in zip(omega, data_grad, self.params(), before):
                            o.sub_(gr * (p - pb))
        train = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.consolidate(k, omega if a.method == "si" else None, start if a.method == "si" else None)
        return train, time.perf_counter() - t0, len(ys) * a.epochs

    def sample(self, k):
        t = self.tasks[k]
        g = torch.Generator().manual_seed(self.a.seed * 7919 + k)
        i = torch.randperm(len(t.ytr), generator=g)[: self.a.importance_samples]
        return t.xtr[i], t.ytr[i]

    def per_sample_importance(self, k, fn):
        x, y = self.sample(k)
        t = self.tasks[k]
        act = self.active(k)
        acc = [torch.zeros_like(p) for p in self.params()]
        for r in range(len(y)):
            self.net.zero_grad()
            z = masked(self.net(x[r: r + 1], t.head), act)
            fn(z, y[r: r + 1]).backward()
            for s, p in zip(acc, self.params()):
                if p.grad is not None:
                    s.add_(p.grad * p.grad if self.a.method in ("ewc", "online-ewc") else p.grad.abs())
        self.net.zero_grad()
        return [s / len(y) for s in acc]

    def consolidate(self, k, si_omega, si_start):
        m = self.a.method
        anchor = [p.detach().clone() for p in self.params()]
        mask = self.seen_mask(k)
        if m in ("ewc", "online-ewc"):
            fisher = self.per_sample_importance(k, lambda z, y: F.cross_entropy(z, y))
            if m == "ewc" or not self.slots:
                self.slots.append((fisher, anchor))
            else:
                self.slots = [([self.a.gamma * o + f for o, f in zip(self.slots[0][0], fisher)], anchor)]
        elif m == "mas":
            act = self.active(k)

            def mas(z, y):
                zz = z[:, act] if act is not None else z
                return (zz * zz).sum()
            imp = self.per_sample_importance(k, mas)
            old = self.slots[0][0] if self.slots else [torch.zeros_like(p) for p in self.params()]
            self.slots = [([o + i for o, i in zip(old, imp)], anchor)]
        elif m == "si":
            imp = [torch.clamp(o / ((p - s) ** 2 + 0.1), min=0)
                   for o, p, s in zip(si_omega, anchor, si_start)]
            old = self.slots[0][0] if self.slots else [torch.zeros_like(p) for p in self.params()]
            self.slots = [([o + i for o, i in zip(old, imp)], anchor)]
        elif m == "l2":
            self.slots = [(mask, anchor)]
        elif m == "lwf":
            import copy
            self.snapshot = copy.deepcopy(self.net)
            if self.a.scenario == "split-task":
                self.old_heads = [(t.head, [0, 1]) for t in self.tasks[: k + 1]]
            else:
                act = self.active(k)
                self.old_heads = [("shared", act if act is not None else
                                   list(range(self.net.heads["shared"].out_features)))]

    def accuracy(self, j, upto):
        t = self.tasks[j]
        with torch.no_grad():
            z = masked(self.net(t.xte, t.head), self.active(upto) if upto is not None else None)
            return float((z.argmax(1) == t.yte).float().mean())


def torch_info():
    """Which torch ran: version, its BLAS and threads as torch itself reports them."""
    cfg = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    blas = blas.group(1) if blas else "unknown"
    try:
        capability = torch.backends.cpu.get_cpu_capability()
    except AttributeError:  # torch 1.x
        capability = "unknown"
    return {"version": torch.__version__, "blas": blas,
            "mkl": torch.backends.mkl.is_available(), "mkldnn": torch.backends.mkldnn.is_available(),
            "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
            "cpu_capability": capability, "parallel_backend": next(
                (l.split(":", 1)[1].strip() for l in torch.__config__.parallel_info().splitlines()
                 if l.startswith("ATen parallel backend")), "unknown"),
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset"),
            "python": sys.executable}


def describe(info):
    return ("torch %(version)s (BLAS %(blas)s, %(parallel_backend)s, CPU capability "
            "%(cpu_capability)s, %(threads)d thread(s), OMP_WAIT_POLICY=%(omp_wait_policy)s, "
            "%(python)s)" % info)


def mean(vs):
    vs = [v for v in vs if v is not None]
    return sum(vs) / len(vs) if vs else None


def main():
    if sys.argv[1:] == ["--describe"]:
        print(describe(torch_info()))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--scenario", required=True,
                    choices=["split-task", "split-domain", "split-class", "permuted"])
    ap.add_argument("--method", required=True,
                    choices=["naive", "joint", "ewc", "online-ewc", "mas", "si", "lwf", "l2"])
    ap.add_argument("--tasks", type=int, default=0)
    ap.add_argument("--lambda", dest="lam", type=float, default=None)
    ap.add_argument("--gamma", type=float, default=1.0)
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--importance-samples", type=int, default=1000)
    ap.add_argument("--hidden", default="400,400")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json")
    a = ap.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",")]
    defaults = {"ewc": 1000, "online-ewc": 1000, "mas": 10, "si": 10, "l2": 1, "lwf": 1}
    if a.lam is None:
        a.lam = defaults.get(a.method, 0.0)
    if a.method in ("naive", "joint"):
        a.lam = 0.0
    torch.set_num_threads(a.threads)
    print(describe(torch_info()), flush=True)
    xtr, ytr, xte, yte = load(a.data)
    tasks, heads = make_tasks(a, xtr, ytr, xte, yte)
    run = Run(a, tasks, heads, xtr.shape[1])
    n = len(tasks)
    base = [run.accuracy(j, n - 1) for j in range(n)]
    R = [[None] * n for _ in range(n)]
    train_s = imp_s = 0.0
    examples = 0
    for k in range(n):
        tr, im, ex = run.learn(k)
        train_s, imp_s, examples = train_s + tr, imp_s + im, examples + ex
        for j in range(n):
            # a task-IL head that has not been trained is not evaluable (cl-core: no head yet)
            if a.scenario == "split-task" and j > k:
                continue
            R[k][j] = run.accuracy(j, k)
        print("task %d/%d: train %.1f s, importance %.2f s, acc %s" % (
            k + 1, n, tr, im, " ".join("-" if v is None else "%.1f" % (100 * v) for v in R[k])),
            flush=True)
    T = n - 1
    best = [max(R[l][j] for l in range(j, T)) if j < T else None for j in range(n)]
    res = {
        "accuracy_matrix": R,
        "acc": mean(R[T]),
        "bwt": mean([R[T][j] - R[j][j] for j in range(T)]),
        "fwt": mean([R[j - 1][j] - base[j] for j in range(1, n) if R[j - 1][j] is not None]),
        "forgetting": mean([best[j] - R[T][j] for j in range(T)]),
        "train_seconds": train_s,
        "importance_seconds": imp_s,
        "examples_per_second": examples / train_s if train_s else 0,
        "peak_heap_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "method": a.method, "scenario": a.scenario, "via": "pytorch",
        "lambda_per_task": [a.lam] * n, "replay_size": 0, "tasks": n,
        "hidden": a.hidden, "epochs": a.epochs, "threads": a.threads,
        "torch": torch.__version__,
        "torch_info": torch_info(),
    }
    print("ACC %.1f%%  BWT %+.1f%%  train %.1f s" % (100 * res["acc"], 100 * res["bwt"], train_s))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
