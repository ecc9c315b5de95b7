# The LeNet-5-style step of `conv` mode (LeNetBenchmark.cs) in PyTorch: same network, batch, loss, optimiser and timing.
# usage: python3 lenet_torch.py [--dtype f32|f64] [--threads N] [--steps 200 --warmup 20 --warmup-sec 1.0]  -> one JSON line
import argparse, json, os, statistics, time

ap = argparse.ArgumentParser()
ap.add_argument("--dtype", choices=["f32", "f64"], default="f32")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--steps", type=int, default=200)
ap.add_argument("--warmup", type=int, default=20)
ap.add_argument("--warmup-sec", type=float, default=1.0)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()

# thread env must be set before torch/OpenBLAS/OpenMP initialise
for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[v] = str(a.threads)

import torch
import torch.nn.functional as F

torch.set_num_threads(a.threads)
torch.set_num_interop_threads(1)
torch.manual_seed(a.seed)
dt = torch.float32 if a.dtype == "f32" else torch.float64

# synthetic task as in LeNetBenchmark.cs: a fixed image per class plus unit Gaussian noise, 8 batches of 64 cycled
nb, batch, ncls = 8, 64, 10
g = torch.Generator().manual_seed(a.seed)
centres = torch.randn(ncls, 1, 28, 28, generator=g, dtype=torch.float64)
Y = [torch.randint(0, ncls, (batch,), generator=g) for _ in range(nb)]
X = [(centres[y] + torch.randn(batch, 1, 28, 28, generator=g, dtype=torch.float64)).to(dt) for y in Y]

model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(16 * 5 * 5, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, ncls),
).to(dt)
for m in model:  # He-normal weights and zero biases, as ours
    if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
        torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        torch.nn.init.zeros_(m.bias)
opt = torch.optim.SGD(model.parameters(), lr=0.01)


def step(i):
    x, y = X[i % nb], Y[i % nb]
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss


loss0 = float(step(0))
i, t0 = 1, time.perf_counter()
while i < a.warmup or time.perf_counter() - t0 < a.warmup_sec:
    step(i); i += 1
wsteps = i
ts = []
for _ in range(a.steps):
    s = time.perf_counter_ns(); loss = step(i); ts.append(time.perf_counter_ns() - s); i += 1
loss_end = float(loss)
ms = sorted(t / 1e6 for t in ts)
n = len(ms)
print(json.dumps({"impl": "pytorch", "version": torch.__version__, "workload": "lenet5", "dtype": a.dtype, "threads": a.threads,
                  "batch": batch, "median_ms": ms[n // 2], "p10_ms": ms[n // 10], "p90_ms": ms[n * 9 // 10],
                  "mean_ms": statistics.fmean(ms), "warmup_steps": wsteps, "steps": a.steps, "loss0": loss0, "loss_end": loss_end}))
