"""A text classifier from PyTorch's own modules, fed token ids and masks.

nn.Embedding for tokens and positions, a two-layer nn.TransformerEncoder
(GELU, batch first), a final LayerNorm, the mean over the sequence and a
Linear head, exported with an int64 `ids` input (ONNX Gather of the
embedding table at computed indices). The reference executor must match
PyTorch, and the simulated program (EYB 1.13's integer inputs and host
gather, the Linear layers on the PE array) the reference within the 16-bit
formats: fed int64 ids, int32 ids (as some converters give), int64 ids with
an int64 attention mask (1 keeps a token; PyTorch's key padding mask is
`mask == 0`, ONNX Equal, Where with -inf: EYB 1.14's comparisons and
select; the mean is over the kept tokens), and with a bool padding mask
given directly. A bag of words through F.one_hot (ONNX OneHot). And a
GPT-style causal language model written by hand
(attention with `masked_fill` of a causal buffer, -inf through Where),
whose next-token logits are checked the same way. Prints one line per check; run by text-torch.test as
`text_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import math
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402

VOCAB, SEQ = 1000, 16


class TextClassifier(nn.Module):
    def __init__(self, d=64, heads=4, layers=2, classes=5):
        super().__init__()
        self.tok = nn.Embedding(VOCAB, d)
        self.pos = nn.Embedding(SEQ, d)
        layer = nn.TransformerEncoderLayer(d, heads, 4 * d, dropout=0.0,
                                           activation="gelu", batch_first=True)
        self.enc = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, ids, mask=None):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.tok(ids) + self.pos(pos)
        if mask is None:
            return self.head(self.norm(self.enc(x)).mean(1))
        padding = mask if mask.dtype == torch.bool else mask == 0
        x = self.norm(self.enc(x, src_key_padding_mask=padding))
        keep = (~padding).unsqueeze(-1).to(x.dtype)
        return self.head((x * keep).sum(1) / keep.sum(1))


class OneHotBag(nn.Module):
    """A bag of words as F.one_hot of the ids (ONNX OneHot of a computed
    integer tensor, its depth a Constant node), summed over the sequence and
    classified by a Linear layer on the PE array."""

    def __init__(self, vocab=50, classes=4):
        super().__init__()
        self.vocab = vocab
        self.head = nn.Linear(vocab, classes)

    def forward(self, ids):
        return self.head(nn.functional.one_hot(ids, self.vocab).float().sum(1))


class CausalBlock(nn.Module):
    """A GPT-2 block: pre-norm causal self-attention, then an MLP."""

    def __init__(self, d, heads, seq):
        super().__init__()
        self.d, self.heads = d, heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.register_buffer("causal", torch.tril(torch.ones(seq, seq)).bool())

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(self.d, dim=2)
        q, k, v = (z.view(b, t, self.heads, -1).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(self.d // self.heads)
        att = att.masked_fill(~self.causal[:t, :t], float("-inf")).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, self.d))
        return x + self.mlp(self.ln2(x))


class CausalLM(nn.Module):
    def __init__(self, vocab=500, seq=12, d=32, heads=4):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(1, seq, d) * 0.02)
        self.blocks = nn.Sequential(*(CausalBlock(d, heads, seq) for _ in range(2)))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)

    def forward(self, ids):
        return self.head(self.ln(self.blocks(self.tok(ids) + self.pos)))


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    net = TextClassifier().eval()
    rng = np.random.default_rng(0)
    ids = rng.integers(0, VOCAB, (2, SEQ)).astype(np.int64)
    mask = np.ones((2, SEQ), np.int64)
    mask[1, 11:] = 0  # the second sequence is 11 tokens, padded to 16
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        for label, x in (("int64 ids", ids), ("int32 ids", ids.astype(np.int32)),
                         ("int64 ids, attention mask", (ids, mask)),
                         ("int64 ids, bool padding mask", (ids, mask == 0))):
            path, ref = tools.check_reference(f"text classifier, {label}", net, x,
                                              input_name="ids")
            tools.check_simulated(f"text classifier, {label}", path, ref)
        bag = OneHotBag().eval()
        ids = rng.integers(0, 50, (2, 7)).astype(np.int64)
        path, ref = tools.check_reference("one-hot bag of words", bag, ids, input_name="ids")
        tools.check_simulated("one-hot bag of words", path, ref)
        lm = CausalLM().eval()
        ids = rng.integers(0, 500, (2, 12)).astype(np.int64)
        path, ref = tools.check_reference("causal LM", lm, ids, input_name="ids")
        tools.check_simulated("causal LM", path, ref)


if __name__ == "__main__":
    main()
