"""A keyword-spotting network with its speech front end, through
eyeriss-compile and the simulator.

The ONNX model (built with onnx.helper: PyTorch 1.13 exports no STFT) takes
one second of 16 kHz audio: an STFT with a 512-sample periodic Hann window
(HannWindow) every 160 samples (97 frames, 257 bins), the power spectrum
(ReduceSumSquare), 40 mel filters from 20 to 7600 Hz (MelWeightMatrix),
log(energy + 1), then two 3 x 3 convolutions, max pooling, global average
pooling and a 12-way classifier with seeded random weights. The STFT runs
on the PE array as an FC layer (the frames gathered on the host, times the
windowed DFT basis), the mel filter bank as another. The reference is
independent of the importer: numpy.fft, ONNX 1.12's MelWeightMatrix
algorithm (test/Tools/Inputs/mel_weight_matrix.py) and torch's conv2d.
Checks: the float32 reference executor within 1e-4 of that reference's
largest logit; the STFT and the mel bank are FC layers of the program; the
simulated logits at cosine >= 0.999 with the same top-1. Run by
speech-frontend.test as `speech_frontend.py <eyeriss-compile> <eyeriss-run>`.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from mel_weight_matrix import mel_weights  # noqa: E402

SAMPLES, HOP, NFFT, MELS, RATE = 16000, 160, 512, 40, 16000


def build(rng):
    frames = (SAMPLES - NFFT) // HOP + 1
    weights = {
        "w1": rng.standard_normal((16, 1, 3, 3)) * 0.3, "b1": rng.standard_normal(16) * 0.1,
        "w2": rng.standard_normal((32, 16, 3, 3)) * 0.1, "b2": rng.standard_normal(32) * 0.1,
        "wf": rng.standard_normal((12, 32)) * 0.2, "bf": rng.standard_normal(12) * 0.1}
    weights = {k: v.astype(np.float32) for k, v in weights.items()}
    inits = [nh.from_array(np.array(HOP, np.int64), "hop"),
             nh.from_array(np.array(NFFT, np.int64), "nfft"),
             nh.from_array(np.array(MELS, np.int32), "mels"),
             nh.from_array(np.array(NFFT, np.int32), "nfft32"),
             nh.from_array(np.array(RATE, np.int32), "rate"),
             nh.from_array(np.array(20.0, np.float32), "fmin"),
             nh.from_array(np.array(7600.0, np.float32), "fmax"),
             nh.from_array(np.array(1.0, np.float32), "one"),
             nh.from_array(np.array([1, 1, frames, MELS], np.int64), "image")]
    inits += [nh.from_array(v, k) for k, v in weights.items()]
    nodes = [h.make_node("HannWindow", ["nfft"], ["window"]),
             h.make_node("STFT", ["audio", "hop", "window"], ["spectrum"]),
             h.make_node("ReduceSumSquare", ["spectrum"], ["power"], axes=[-1], keepdims=0),
             h.make_node("MelWeightMatrix", ["mels", "nfft32", "rate", "fmin", "fmax"], ["mel"]),
             h.make_node("MatMul", ["power", "mel"], ["energy"]),
             h.make_node("Add", ["energy", "one"], ["shifted"]),
             h.make_node("Log", ["shifted"], ["logmel"]),
             h.make_node("Reshape", ["logmel", "image"], ["x"]),
             h.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
             h.make_node("Relu", ["c1"], ["r1"]),
             h.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
             h.make_node("Conv", ["p1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1]),
             h.make_node("Relu", ["c2"], ["r2"]),
             h.make_node("GlobalAveragePool", ["r2"], ["pooled"]),
             h.make_node("Flatten", ["pooled"], ["features"]),
             h.make_node("Gemm", ["features", "wf", "bf"], ["logits"], transB=1)]
    graph = h.make_graph(
        nodes, "keyword_spotting", [h.make_tensor_value_info("audio", T.FLOAT, [1, SAMPLES, 1])],
        [h.make_tensor_value_info("logits", T.FLOAT, [1, 12])], inits)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model, weights


def reference(audio, weights):
    """numpy.fft and torch, in float64 where numpy computes."""
    a = audio[0, :, 0].astype(np.float64)
    count = (SAMPLES - NFFT) // HOP + 1
    frames = np.stack([a[t * HOP:t * HOP + NFFT] for t in range(count)])
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(NFFT) / NFFT)
    power = np.abs(np.fft.rfft(frames * hann, axis=-1)) ** 2
    logmel = np.log(power @ mel_weights(MELS, NFFT, RATE, 20.0, 7600.0) + 1.0)
    f = torch.nn.functional
    w = {k: torch.tensor(v, dtype=torch.float64) for k, v in weights.items()}
    x = torch.tensor(logmel).reshape(1, 1, count, MELS)
    x = f.max_pool2d(f.relu(f.conv2d(x, w["w1"], w["b1"], padding=1)), 2)
    x = f.relu(f.conv2d(x, w["w2"], w["b2"], padding=1)).mean((2, 3))
    return (x @ w["wf"].T + w["bf"]).numpy().astype(np.float32)


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{result.stderr}")
    return result.stdout + result.stderr


def main():
    compiler, simulator = sys.argv[1:3]
    rng = np.random.default_rng(5)
    model, weights = build(rng)
    t = np.arange(SAMPLES) / RATE
    # A tone, a second one in the second half, and noise.
    audio = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1200 * t) * (t >= 0.5)
             + 0.05 * rng.standard_normal(SAMPLES)).astype(np.float32).reshape(1, SAMPLES, 1)
    expected = reference(audio, weights)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        onnx.save(model, tmp / "kws.onnx")
        np.save(tmp / "audio.npy", audio)
        np.save(tmp / "expected.npy", expected)
        atol = 1e-4 * float(np.abs(expected).max())
        out = run(compiler, str(tmp / "kws.onnx"), "--compile-to=canonicalize", "-o", "/dev/null",
                  "--run-reference", f"--input={tmp / 'audio.npy'}",
                  f"--expect={tmp / 'expected.npy'}", "--rtol=0", f"--atol={atol}")
        # --expect fails the compile beyond the tolerance.
        print("reference vs numpy and torch:", "ok" if "max abs error" in out else "no comparison")
        listing = run(compiler, str(tmp / "kws.onnx"), "--emit=asm")
        layers = [line.split()[2:4] for line in listing.splitlines() if line.startswith(".layer ")]
        print("layers on the array:", ", ".join(f"{name.strip(chr(39))} {kind}" for name, kind in layers))
        run(compiler, str(tmp / "kws.onnx"), "-o", str(tmp / "kws.eyb"))
        run(simulator, str(tmp / "kws.eyb"), "--input", f"audio={tmp / 'audio.npy'}",
            f"--output-dir={tmp / 'sim'}", "--quiet")
        got = np.load(tmp / "sim" / "logits.npy")
    cosine = float((got * expected).sum() / np.linalg.norm(got) / np.linalg.norm(expected))
    same = int(got.argmax()) == int(expected.argmax())
    print(f"simulated vs numpy and torch: cosine {cosine:.5f}, top-1 {'equal' if same else 'differs'}")
    print("simulated:", "ok" if cosine >= 0.999 and same else "FAILED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
