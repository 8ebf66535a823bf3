"""Compares cl-core's dumped Fisher (fisher.bin, params.bin in the working folder) with PyTorch's."""
import numpy as np, torch, torch.nn.functional as F, sys
import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pytorch_cl as pc
p = np.fromfile("params.bin", dtype="<f4"); fis = np.fromfile("fisher.bin", dtype="<f4")
xtr, ytr, _, _ = pc.load("/usr/share/datasets/fashion-mnist")
x = torch.from_numpy(xtr[:1000]); y = torch.from_numpy(ytr[:1000])
def lin(off, fi, fo):
    W = torch.tensor(p[off:off + fi * fo].reshape(fi, fo)).requires_grad_()
    b = torch.tensor(p[off + fi * fo: off + fi * fo + fo]).requires_grad_()
    return W, b
W1, b1 = lin(0, 784, 100); W2, b2 = lin(78500, 100, 100)
W3 = torch.tensor(p[88600:88600 + 1000].reshape(100, 10)).requires_grad_(); b3 = torch.tensor(p[89600:89610]).requires_grad_()
ps = [W1, b1, W2, b2, W3, b3]
acc = [torch.zeros_like(t) for t in ps]
for r in range(1000):
    h = torch.relu(x[r:r+1] @ W1 + b1); h = torch.relu(h @ W2 + b2); z = h @ W3 + b3
    g = torch.autograd.grad(F.cross_entropy(z, y[r:r+1]), ps)
    for a, gg in zip(acc, g): a += gg * gg
tf = torch.cat([(a / 1000).flatten() for a in acc]).numpy()
print("len", len(tf), len(fis))
print("sum torch %.6g  sum engram %.6g  ratio %.4f" % (tf.sum(), fis.sum(), fis.sum() / tf.sum()))
print("corr", np.corrcoef(tf, fis)[0, 1], "max abs diff", np.abs(tf - fis).max(), "max", tf.max())
for name, a, b in [("W1", 0, 78400), ("b1", 78400, 78500), ("W2", 78500, 88500), ("b2", 88500, 88600), ("W3", 88600, 89600), ("b3", 89600, 89610)]:
    print(name, "ratio engram/torch %.4f" % (fis[a:b].sum() / tf[a:b].sum()))
