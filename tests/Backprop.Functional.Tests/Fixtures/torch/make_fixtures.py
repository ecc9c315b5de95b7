#!/usr/bin/python3
"""PyTorch fixtures for the state_dict interop tests (Debian's python3-torch 1.13).

  make_fixtures.py          trains a small MLP, a small conv net, an LSTM and a GRU (each with a linear head) briefly,
                            writes their state_dicts ({mlp,conv,lstm,gru}.safetensors) and an input with PyTorch's
                            outputs ({mlp,conv,lstm,gru}_io.safetensors)
  make_fixtures.py check    loads the state_dicts our library wrote (ours_{mlp,conv,lstm,gru}.safetensors) into the same
                            modules with load_state_dict(strict=True) and compares PyTorch's outputs with ours
                            (ours_{mlp,conv,lstm,gru}_io.safetensors)

safetensors is written and read by hand (struct + json), so the script needs only torch.
"""
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent


def save(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        t = tensors[name].detach()
        dtype, t = ("F32", t.to(torch.float32)) if t.is_floating_point() else ("I64", t.to(torch.int64))
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load(path):
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", (name, info["dtype"])
        begin, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(raw[8 + n + begin:8 + n + end]), dtype=torch.float32).reshape(info["shape"])
    return out


def mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def conv():
    return nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(27, 2))


class Recurrent(nn.Module):
    """An LSTM or GRU over [batch, time, features], then a linear head on the last hidden state."""

    def __init__(self, kind):
        super().__init__()
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(3, 4, batch_first=True)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def train(model, x, y, steps=30):
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    for _ in range(steps):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    model.eval()


def make():
    torch.manual_seed(0)
    for name, model, shape, classes in [("mlp", mlp(), (5, 4), 3), ("conv", conv(), (4, 1, 6, 6), 2),
                                        ("lstm", Recurrent("lstm"), (4, 5, 3), 2), ("gru", Recurrent("gru"), (4, 5, 3), 2)]:
        x = torch.randn(*shape)
        train(model, torch.randn(16, *shape[1:]), torch.randint(0, classes, (16,)))
        state = model.state_dict()                      # with BatchNorm's int64 num_batches_tracked, as safetensors.torch.save_file writes it
        save(HERE / f"{name}.safetensors", state)
        with torch.no_grad():
            save(HERE / f"{name}_io.safetensors", {"input": x, "output": model(x)})
        print(f"{name}: {', '.join(f'{k} {list(v.shape)}' for k, v in state.items())}")


def check():
    for name, model in [("mlp", mlp()), ("conv", conv()), ("lstm", Recurrent("lstm")), ("gru", Recurrent("gru"))]:
        model.load_state_dict(load(HERE / f"ours_{name}.safetensors"), strict=True)
        model.eval()
        io = load(HERE / f"ours_{name}_io.safetensors")
        with torch.no_grad():
            got = model(io["input"])
        worst = ((got - io["output"]).abs().max() / max(1.0, io["output"].abs().max().item())).item()
        print(f"ours_{name}: load_state_dict(strict=True) ok; worst error against our outputs {worst:.2e}")
        assert worst <= 1e-5, worst


if __name__ == "__main__":
    check() if sys.argv[1:] == ["check"] else make()
