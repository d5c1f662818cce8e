"""A network trained with PyTorch's quantization-aware training, end to end.

The network (convolutions with per-channel int8 weight fake quantization
and per-tensor uint8 activation fake quantization, a residual add, max
pooling, global average pooling, a Linear layer) takes a few QAT steps on
random data, then is exported by PyTorch as a QDQ model (QuantizeLinear ->
DequantizeLinear pairs). Checks, one line each:

- the import keeps the quantization: the reference executor's logits lie
  on the grid of the last DequantizeLinear (uint8 steps of its scale);
- the reference matches PyTorch within two of those steps (PyTorch
  multiplies by 1/scale where ONNX divides by scale, so a value on a
  rounding tie may land one step away);
- the weights the array gets are the fake-quantized ones: every constant of
  the first convolution is an integer multiple of its channel's scale;
- the simulated program (16-bit fixed point on the array, the fake
  quantizations on the host) matches the reference within two steps, with
  the same top-1 class on every image.

Run by qat-torch.test as `qat_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.ao.quantization as tq
from onnx import numpy_helper
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "python"))
from torch_tools import Tools  # noqa: E402
from eyeriss import zoo  # noqa: E402


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant, self.dequant = tq.QuantStub(), tq.DeQuantStub()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU())
        self.body = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(16, 16, 3, padding=1))
        self.add = nn.quantized.FloatFunctional()
        self.pool = nn.MaxPool2d(2)
        self.head = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
                                  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))

    def forward(self, x):
        x = self.stem(self.quant(x))
        x = self.add.add(x, self.body(x))
        return self.dequant(self.head(self.pool(x)))


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    net = Net()
    # Plain FakeQuantize modules (the fused default has no ONNX export):
    # uint8 activations per tensor, int8 symmetric weights per channel.
    net.qconfig = zoo.qat_qconfig()
    net.train()
    tq.prepare_qat(net, inplace=True)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(8):
        x = torch.randn(8, 3, 32, 32)
        loss = nn.functional.cross_entropy(net(x), torch.randint(0, 10, (8,)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    net.eval()
    net.apply(tq.disable_observer)

    x = np.random.default_rng(3).standard_normal((4, 3, 32, 32)).astype(np.float32)
    with torch.no_grad():
        want = net(torch.from_numpy(x)).numpy()
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        onnx_path = tools.export(net, x, opset=13)
        model = onnx.load(str(onnx_path))
        ops = [n.op_type for n in model.graph.node]
        print(f"exported: {ops.count('QuantizeLinear')} QuantizeLinear, "
              f"{ops.count('DequantizeLinear')} DequantizeLinear")
        inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        last = model.graph.node[-1]
        assert last.op_type == "DequantizeLinear"
        step = float(inits[last.input[1]].reshape(-1)[0])

        ref = tools.reference(onnx_path)
        off_grid = np.abs(ref / step - np.round(ref / step)).max()
        print("reference on the output grid", "ok" if off_grid < 1e-3 else f"FAILED {off_grid}")
        err = np.abs(ref - want).max() / step
        print("reference vs PyTorch", "ok" if err <= 2.001 else f"FAILED {err} steps")

        # The first convolution's weights, as imported: multiples of the
        # per-channel scales of its QuantizeLinear.
        first = next(n for n in model.graph.node
                     if n.op_type == "QuantizeLinear" and n.input[0] in inits
                     and inits[n.input[0]].ndim == 4)
        scales = inits[first.input[1]].reshape(-1, 1, 1, 1)
        text = tools.run("eyeriss-compile", onnx_path, "--compile-to=import",
                         "--elide-weights-larger-than=0",
                         "--mlir-print-elementsattrs-with-hex-if-larger=-1")
        conv = next(line for line in text.splitlines() if "eyeriss.conv2d" in line)
        weight_name = conv.split(",")[1].strip()
        weight_line = next(line for line in text.splitlines()
                           if line.strip().startswith(weight_name + " = eyeriss.constant"))
        body = weight_line.split("dense<")[1].split(">")[0]
        w = np.array([float(v) for v in body.replace("[", " ").replace("]", " ")
                      .replace(",", " ").split()], np.float32).reshape(16, 3, 3, 3)
        multiples = w / scales
        print("first weights on their channels' grids",
              "ok" if np.abs(multiples - np.round(multiples)).max() < 1e-3
              and np.abs(np.round(multiples)).max() <= 128 else "FAILED")

        sim = tools.simulate(onnx_path)
        err_sim = np.abs(sim - ref).max() / step
        same = (sim.argmax(1) == ref.argmax(1)).all()
        print("simulated vs reference",
              "ok" if err_sim <= 2.001 and same else f"FAILED {err_sim} steps, top-1 {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
