"""ONNX RNN, GRU and LSTM nodes against a numpy model of ONNX's equations.

Each case builds a one-node model with onnx.helper (weights as
initializers), runs it on eyeriss-compile's reference executor (the node
unrolled at import) and compares every output with numpy: the forms
PyTorch's exports do not reach, such as reverse and bidirectional
directions with initial states, sequence lengths below seq_length (steps
past a sequence's end output zeros and keep the state; a reverse direction
starts at each sequence's own end), layout 1, LSTM peepholes, GRU in both
linear_before_reset forms and non-default activations. Prints one line per
case; run by recurrent.test as `recurrent_cases.py <eyeriss-compile> <dir>`.
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ACT = {
    "Sigmoid": lambda v: 1 / (1 + np.exp(-v)),
    "Tanh": np.tanh,
    "Relu": lambda v: np.maximum(v, 0),
    "HardSigmoid": lambda v: np.clip(0.2 * v + 0.5, 0, 1),
    "Softsign": lambda v: v / (1 + np.abs(v)),
    "LeakyRelu": lambda v: np.where(v < 0, 0.01 * v, v),
}
GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}
DEFAULT_ACTS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"],
                "LSTM": ["Sigmoid", "Tanh", "Tanh"]}


def cell(op, acts, x, h, c, w, r, b, p, lbr):
    """One step of ONNX's equations; x [N, I], h and c [N, H]."""
    H = h.shape[1]
    wb, rb = b[:GATES[op] * H], b[GATES[op] * H:]
    if op == "RNN":
        return ACT[acts[0]](x @ w.T + h @ r.T + wb + rb), None
    if op == "GRU":
        f, g = ACT[acts[0]], ACT[acts[1]]
        xw = x @ w.T + wb
        z = f(xw[:, :H] + h @ r[:H].T + rb[:H])
        rr = f(xw[:, H:2 * H] + h @ r[H:2 * H].T + rb[H:2 * H])
        if lbr:
            n = g(xw[:, 2 * H:] + rr * (h @ r[2 * H:].T + rb[2 * H:]))
        else:
            n = g(xw[:, 2 * H:] + (rr * h) @ r[2 * H:].T + rb[2 * H:])
        return (1 - z) * n + z * h, None
    f, g, hh = (ACT[a] for a in acts)
    gates = x @ w.T + h @ r.T + wb + rb
    i = f(gates[:, :H] + p[:H] * c)
    fg = f(gates[:, 2 * H:3 * H] + p[2 * H:] * c)
    cn = fg * c + i * g(gates[:, 3 * H:])
    o = f(gates[:, H:2 * H] + p[H:2 * H] * cn)
    return o * hh(cn), cn


def reference(op, x, w, r, b, p, lens, h0, c0, direction, acts, lbr):
    """Y [T, D, N, H], Y_h and Y_c [D, N, H] for layout 0 inputs."""
    T, N, _ = x.shape
    D, H = w.shape[0], r.shape[2]
    y = np.zeros((T, D, N, H), np.float32)
    yh = np.zeros((D, N, H), np.float32)
    yc = np.zeros((D, N, H), np.float32)
    k = len(DEFAULT_ACTS[op])
    for d in range(D):
        reverse = direction == "reverse" or (direction == "bidirectional" and d == 1)
        for n in range(N):
            h, c = h0[d, n:n + 1], c0[d, n:n + 1]
            order = range(lens[n] - 1, -1, -1) if reverse else range(lens[n])
            for t in order:
                h, cn = cell(op, acts[d * k:(d + 1) * k], x[t, n:n + 1], h, c, w[d], r[d],
                             b[d], p[d], lbr)
                c = cn if cn is not None else c
                y[t, d, n] = h[0]
            yh[d, n], yc[d, n] = h[0], c[0]
    return y, yh, yc


def case(tools_dir, name, op, T=4, N=3, I=5, H=6, direction="forward", lens=None,
         initial=False, peepholes=False, layout=0, acts=None, lbr=0, seed=0):
    rng = np.random.default_rng(seed)
    D = 2 if direction == "bidirectional" else 1
    G = GATES[op]
    x = rng.standard_normal((T, N, I)).astype(np.float32)
    w = (0.5 * rng.standard_normal((D, G * H, I))).astype(np.float32)
    r = (0.5 * rng.standard_normal((D, G * H, H))).astype(np.float32)
    b = (0.3 * rng.standard_normal((D, 2 * G * H))).astype(np.float32)
    p = (0.3 * rng.standard_normal((D, 3 * H))).astype(np.float32) if peepholes \
        else np.zeros((D, 3 * H), np.float32)
    h0 = (0.5 * rng.standard_normal((D, N, H))).astype(np.float32) if initial \
        else np.zeros((D, N, H), np.float32)
    c0 = (0.5 * rng.standard_normal((D, N, H))).astype(np.float32) if initial \
        else np.zeros((D, N, H), np.float32)
    seq = np.array(lens if lens is not None else [T] * N, np.int32)
    y, yh, yc = reference(op, x, w, r, b, p, seq, h0, c0, direction,
                          acts or DEFAULT_ACTS[op] * D, lbr)

    # layout 1: X [N, T, I], states [N, D, H], Y [N, T, D, H].
    feed = {"X": x if layout == 0 else x.transpose(1, 0, 2)}
    inits = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"),
             numpy_helper.from_array(b, "B")]
    inputs = ["X", "W", "R", "B"]
    inputs.append("sequence_lens" if lens is not None else "")
    if lens is not None:
        inits.append(numpy_helper.from_array(seq, "sequence_lens"))
    state = (lambda s: s) if layout == 0 else (lambda s: s.transpose(1, 0, 2))
    if initial:
        feed["initial_h"] = state(h0)
        inputs.append("initial_h")
        if op == "LSTM":
            feed["initial_c"] = state(c0)
            inputs.append("initial_c")
    if peepholes:
        inputs += [""] * (7 - len(inputs)) + ["P"]
        inits.append(numpy_helper.from_array(p, "P"))
    while inputs[-1] == "":
        inputs.pop()
    want = {"Y": y if layout == 0 else y.transpose(2, 0, 1, 3),
            "Y_h": state(yh)}
    if op == "LSTM":
        want["Y_c"] = state(yc)
    attrs = dict(hidden_size=H, direction=direction)
    if layout:
        attrs["layout"] = layout
    if acts:
        attrs["activations"] = acts
    if lbr:
        attrs["linear_before_reset"] = lbr
    node = helper.make_node(op, inputs, list(want), name=name, **attrs)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) for k, v in feed.items()],
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) for k, v in want.items()],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    work = Path(tools_dir)
    path = work / f"{name}.onnx"
    onnx.save(model, path)
    args = [sys.argv[1], str(path), "--compile-to=canonicalize", "-o", "/dev/null",
            "--run-reference"]
    for k, v in feed.items():
        np.save(work / f"{name}.{k}.npy", v)
        args.append(f"--input={work / f'{name}.{k}.npy'}")
    for k in want:
        args.append(f"--reference-output={work / f'{name}.out.{k}.npy'}")
    subprocess.run(args, check=True)
    worst = max(float(np.abs(np.load(work / f"{name}.out.{k}.npy") - v).max())
                for k, v in want.items())
    print(f"{name}: {op} {direction}, outputs {', '.join(want)}:",
          "ok" if worst < 1e-5 else f"FAILED (max error {worst})")


def main():
    work = sys.argv[2]
    case(work, "lstm_bidirectional_lengths", "LSTM", direction="bidirectional",
         lens=[4, 2, 0], initial=True, peepholes=True)
    case(work, "lstm_reverse_layout1", "LSTM", direction="reverse", layout=1, initial=True)
    case(work, "lstm_activations", "LSTM", acts=["HardSigmoid", "Softsign", "LeakyRelu"],
         lens=[3, 4, 1])
    case(work, "gru_reverse_lengths", "GRU", direction="reverse", lens=[1, 4, 3], initial=True)
    case(work, "gru_bidirectional_lbr", "GRU", direction="bidirectional", lbr=1, initial=True)
    case(work, "gru_lbr_zero_state", "GRU", lbr=1, lens=[2, 4, 3])
    case(work, "rnn_bidirectional_relu", "RNN", direction="bidirectional",
         acts=["Relu", "Tanh"], lens=[4, 3, 2], layout=1)
    case(work, "rnn_single_step", "RNN", T=1, N=1, initial=True)


if __name__ == "__main__":
    main()
