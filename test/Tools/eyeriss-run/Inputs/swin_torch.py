"""A small torchvision Swin transformer through eyeriss-compile and eyeriss-run.

torchvision's SwinTransformer class (the code of swin_t, with 8 x 8 tokens,
4 x 4 windows shifted by 2, two stages) is exported by PyTorch at opset 17.
Its shifted-window attention mask is computed from shapes (ConstantOfShape,
ScatterND, Reshape, Transpose, Sub, Equal, Where, ...), which the importer
evaluates into a constant; its window partition reshapes to rank 6 and its
attention to rank 5, which EYB 1.8 carries. The float32 reference executor
must match PyTorch within 1e-5 of the largest logit; the compiled program,
simulated, the reference within cosine 0.999. Prints one line per check; run
by swin-torch.test as `swin_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torchvision.models.swin_transformer import SwinTransformer

COMPILE, RUN = sys.argv[1], sys.argv[2]


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    model = SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 4],
                            window_size=[4, 4], num_classes=10).eval()
    x = np.random.default_rng(1).standard_normal((1, 3, 32, 32)).astype(np.float32)
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        np.save(tmp / "x.npy", x)
        torch.onnx.export(model, torch.from_numpy(x), str(tmp / "swin.onnx"), opset_version=17,
                          input_names=["image"], output_names=["logits"])
        run([COMPILE, str(tmp / "swin.onnx"), "--compile-to=canonicalize", "-o", "/dev/null",
             "--run-reference", f"--input={tmp / 'x.npy'}", f"--reference-output={tmp / 'r.npy'}"])
        ref = np.load(tmp / "r.npy")
        err = float(np.abs(ref - want).max() / np.abs(want).max())
        print("reference vs PyTorch", "ok" if ref.shape == want.shape and err < 1e-5
              else f"FAILED {err}")

        run([COMPILE, str(tmp / "swin.onnx"), "-o", str(tmp / "swin.eyb")])
        listing = run([COMPILE, str(tmp / "swin.onnx"), "--emit=asm"])
        ranks = [line.split()[4].count("x") + 1 for line in listing.splitlines()
                 if line.startswith("  %") and " f32 " in line]
        print("largest host tensor rank", max(ranks))
        run([RUN, str(tmp / "swin.eyb"), "--input", str(tmp / "x.npy"),
             "--output-dir", str(tmp / "out"), "--quiet"])
        sim = np.load(tmp / "out" / "logits.npy").astype(np.float64).ravel()
        r = ref.astype(np.float64).ravel()
        cosine = float(sim @ r / np.linalg.norm(sim) / np.linalg.norm(r))
        print("simulated vs reference", "ok" if cosine > 0.999 else f"FAILED cosine {cosine}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
