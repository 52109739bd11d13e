"""all-MiniLM-L6-v2 in numpy: the same vectors as sentence-transformers, without importing torch.

Why: answering one question needs one short embedding (~20 word-pieces), but importing torch and
loading the model through sentence-transformers took ~9 s of `otsqa ask`'s ~10 s, and held a server's
first answer back as long. The model is a 6-layer BERT (384 wide, 12 heads) followed by mean pooling
and L2 normalisation; its weights are read from the bundled package's `model.safetensors` (~0.1 s)
and the forward pass is a few matrix products (a question: ~5 ms on one core). Same weights, same
tokenizer, same pooling: vectors agree with sentence-transformers' to ~1e-6 (tests/store), so the
store built by ingest (which keeps sentence-transformers: batches of hundreds run faster on torch)
is searched with the vectors it was built for.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

import numpy as np

from store.embedding import (
    MINILM_ID,
    QUERY_BATCH,
    Embedder,
    bundled_model_dir,
    count_tokens,
    load_tokenizer,
    make_embedder,
)

log = logging.getLogger(__name__)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1e-7 (Abramowitz and Stegun 7.1.26), for BERT's exact GELU; numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


@contextmanager
def _blas_threads(batch: int):
    """One BLAS thread for a question (as torch's one thread in store/embedding.py): a question's
    matrices are small, and OpenBLAS's threads waiting for each other took a query from ~25 ms to
    70–440 ms on this 2-core machine while anything else ran."""
    if batch > QUERY_BATCH:
        yield
        return
    with _controller().limit(limits=1, user_api="blas"):
        yield


@functools.cache
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class NumpyMiniLM:
    """The `Embedder` of store/embedding.py for all-MiniLM-L6-v2, computed with numpy (see above)."""

    def __init__(self, model_dir: Path, model_id: str = MINILM_ID, batch_size: int = 32, max_tokens: int = 254):
        self.model_dir = model_dir
        self.model_id = model_id
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self._tokenizer = load_tokenizer(model_dir)
        self._weights: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()
        config = json.loads((model_dir / "config.json").read_text())
        self._layers = int(config["num_hidden_layers"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{model_dir} is not a BERT this reader knows (gelu, absolute positions)")

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self._tokenizer, texts)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist() if texts else []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        weights = self.weights
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        ids = [e.ids[:-1][: self.max_tokens + 1] + e.ids[-1:] for e in encodings]  # [CLS] … [SEP], truncated
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # like lengths together: less padding
        out = np.zeros((len(ids), weights["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        with _blas_threads(len(texts)):
            for at in range(0, len(order), self.batch_size):
                chosen = order[at : at + self.batch_size]
                out[chosen] = self._forward([ids[i] for i in chosen], weights)
        return out

    @property
    def weights(self) -> dict[str, np.ndarray]:
        with self._lock:  # web-server threads may ask at once: read the weights once
            if self._weights is None:
                from safetensors.numpy import load_file

                log.info("loading embedding weights from %s", self.model_dir)
                loaded = load_file(str(self.model_dir / "model.safetensors"))
                # Dense layers' matrices stored transposed once, contiguous: x @ W.T on a view is slower.
                self._weights = {
                    k: np.ascontiguousarray(
                        v.T if k.endswith(".weight") and "LayerNorm" not in k and "embeddings" not in k else v, np.float32
                    )
                    for k, v in loaded.items()
                }
            return self._weights

    def _forward(self, batch: list[list[int]], w: dict[str, np.ndarray]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding is never attended to
        for n in range(self._layers):
            x = self._layer(x, bias, w, f"encoder.layer.{n}.")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, x: np.ndarray, bias: np.ndarray, w: dict[str, np.ndarray], p: str) -> np.ndarray:
        batch, length, width = x.shape
        head = width // self._heads

        def dense(name: str, v: np.ndarray) -> np.ndarray:
            return v @ w[p + name + ".weight"] + w[p + name + ".bias"]  # stored transposed (`weights`)

        def split(v: np.ndarray) -> np.ndarray:
            return v.reshape(batch, length, self._heads, head).transpose(0, 2, 1, 3)

        q, k, v = (split(dense(f"attention.self.{n}", x)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _layer_norm(
            x + dense("attention.output.dense", context),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            self._eps,
        )
        hidden = _gelu(dense("intermediate.dense", x))
        return _layer_norm(
            x + dense("output.dense", hidden), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self._eps
        )


def make_question_embedder(kind: str = "numpy", batch_size: int = 32, model: str = "minilm") -> Embedder:
    """The embedder that answers questions: this numpy reader, or sentence-transformers (``kind`` "torch");
    for a store built with ``model`` "e5", e5 in its query role (store/e5.py) whatever ``kind``."""
    if model == "e5":
        from store.e5 import E5Embedder

        return E5Embedder("query")
    if kind == "torch":
        return make_embedder(batch_size)
    return NumpyMiniLM(bundled_model_dir(), batch_size=batch_size)
