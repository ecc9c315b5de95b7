"""Known answers for the optimisers, from PyTorch (run with Debian's python3-torch 1.13, in double):
five steps on θ ∈ R³ from θ₀ = (1, −2, 0.5) with the gradient g(θ) = a⊙θ + b, a = (0.5, 2, 1), b = (0.3, −0.1, 0.2).
Writes torch_optimisers.json beside this script: for each case, θ after every step.
Run: /usr/bin/python3 tests/Backprop.Functional.Tests/Optimisers/Fixtures/torch_optimisers.py"""
import json, os, torch

torch.set_default_dtype(torch.float64)
a = torch.tensor([0.5, 2.0, 1.0])
b = torch.tensor([0.3, -0.1, 0.2])

cases = {
    "sgd": lambda p: torch.optim.SGD([p], lr=0.1),
    "sgd_l2": lambda p: torch.optim.SGD([p], lr=0.1, weight_decay=0.05),
    "momentum": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9),
    "nesterov": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True),
    "adagrad": lambda p: torch.optim.Adagrad([p], lr=0.1, initial_accumulator_value=0.1, eps=1e-7),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=1e-8),
    "adam": lambda p: torch.optim.Adam([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8),
    "adam_l2": lambda p: torch.optim.Adam([p], lr=0.1, weight_decay=0.05),
    "adamw": lambda p: torch.optim.AdamW([p], lr=0.1, weight_decay=0.1),
}

out = {}
for name, make in cases.items():
    p = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    opt = make(p)
    steps = []
    for _ in range(5):
        opt.zero_grad()
        p.grad = (a * p + b).detach()
        opt.step()
        steps.append(p.detach().tolist())
    out[name] = steps

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_optimisers.json"), "w") as f:
    json.dump({"source": "torch " + torch.__version__ + ", torch_optimisers.py", "steps": out}, f, indent=1)
    f.write("\n")
