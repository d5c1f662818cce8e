"""Sequence models of PyTorch's recurrent layers, exported to ONNX RNN, GRU
and LSTM nodes.

Each is checked twice: the reference executor (the node unrolled at import
into fully connected layers and host ops) against PyTorch, and the simulated
program (the fully connected layers on the PE array in 16-bit fixed point)
against the reference. The models: a two-layer bidirectional batch-first
LSTM classifier (opset 17 and 14, whose LSTM has `layout`, and 9), a GRU
sequence tagger fed its initial state, a ReLU RNN, a DeepSpeech-style
speech model (a strided Conv1d front end on the array, a bidirectional GRU,
CTC log-probabilities) and an LSTM language model over token ids
(nn.Embedding). Prints one line per check; run by
recurrent-torch.test as `recurrent_torch.py <eyeriss-compile>
<eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402


class LSTMClassifier(nn.Module):
    def __init__(self, features=12, hidden=24, classes=5):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, num_layers=2, batch_first=True,
                            bidirectional=True)
        self.head = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


class GRUTagger(nn.Module):
    def __init__(self, features=10, hidden=16, tags=7):
        super().__init__()
        self.gru = nn.GRU(features, hidden)
        self.head = nn.Linear(hidden, tags)

    def forward(self, x, h0):
        out, _ = self.gru(x, h0)
        return self.head(out)


class ReluRNN(nn.Module):
    def __init__(self, features=8, hidden=20):
        super().__init__()
        self.rnn = nn.RNN(features, hidden, nonlinearity="relu", num_layers=2)

    def forward(self, x):
        out, h = self.rnn(x)
        return torch.cat([out[-1], h[0]], 1)


class LSTMLanguageModel(nn.Module):
    def __init__(self, vocab=300, d=32, hidden=48):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.lstm = nn.LSTM(d, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.head(out)


class SpeechModel(nn.Module):
    """DeepSpeech-style: a strided Conv1d front end over filterbank frames,
    a bidirectional GRU, per-frame character log-probabilities (CTC)."""

    def __init__(self, mels=16, channels=32, hidden=24, chars=29):
        super().__init__()
        self.front = nn.Sequential(nn.Conv1d(mels, channels, 5, stride=2, padding=2),
                                   nn.BatchNorm1d(channels), nn.ReLU())
        self.gru = nn.GRU(channels, hidden, bidirectional=True, batch_first=True)
        self.head = nn.Linear(2 * hidden, chars)

    def forward(self, x):
        out, _ = self.gru(self.front(x).transpose(1, 2))
        return self.head(out).log_softmax(-1)


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        lstm = LSTMClassifier().eval()
        x = rng.standard_normal((3, 9, 12)).astype(np.float32)
        for opset in (17, 14, 9):
            label = f"bidirectional LSTM, opset {opset}"
            path, ref = tools.check_reference(label, lstm, x, opset=opset)
            tools.check_simulated(label, path, ref)
        gru = GRUTagger().eval()
        x = rng.standard_normal((6, 2, 10)).astype(np.float32)
        h0 = (0.5 * rng.standard_normal((1, 2, 16))).astype(np.float32)
        path, ref = tools.check_reference("GRU with initial state", gru, (x, h0))
        tools.check_simulated("GRU with initial state", path, ref)
        rnn = ReluRNN().eval()
        x = rng.standard_normal((7, 2, 8)).astype(np.float32)
        path, ref = tools.check_reference("ReLU RNN", rnn, x)
        tools.check_simulated("ReLU RNN", path, ref)
        speech = SpeechModel()
        speech.front[1].running_mean.uniform_(-0.2, 0.2)
        speech.front[1].running_var.uniform_(0.5, 2.0)
        speech.eval()
        x = rng.standard_normal((2, 16, 24)).astype(np.float32)
        path, ref = tools.check_reference("speech model", speech, x)
        tools.check_simulated("speech model", path, ref)
        lm = LSTMLanguageModel().eval()
        ids = rng.integers(0, 300, (2, 10)).astype(np.int64)
        path, ref = tools.check_reference("LSTM language model", lm, ids, input_name="ids")
        tools.check_simulated("LSTM language model", path, ref)


if __name__ == "__main__":
    main()
