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
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torchvision.models.swin_transformer import SwinTransformer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402

def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    model = SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 4],
                            window_size=[4, 4], num_classes=10).eval()
    x = np.random.default_rng(1).standard_normal((1, 3, 32, 32)).astype(np.float32)
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        onnx_path = tools.export(model, x, name="swin", input_name="image",
                                 output_name="logits")
        ref = tools.reference(onnx_path)
        err = float(np.abs(ref - want).max() / np.abs(want).max())
        print("reference vs PyTorch", "ok" if ref.shape == want.shape and err < 1e-5
              else f"FAILED {err}")

        listing = tools.run("eyeriss-compile", onnx_path, "--emit=asm")
        ranks = [line.split()[4].count("x") + 1 for line in listing.splitlines()
                 if line.startswith("  %") and " f32 " in line]
        print("largest host tensor rank", max(ranks))
        sim = tools.simulate(onnx_path, "logits").astype(np.float64).ravel()
        r = ref.astype(np.float64).ravel()
        cosine = float(sim @ r / np.linalg.norm(sim) / np.linalg.norm(r))
        print("simulated vs reference", "ok" if cosine > 0.999 else f"FAILED cosine {cosine}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
