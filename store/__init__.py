"""The vector store and the embedding model that fills it.

`open_store(settings, ...)` gives a Chroma store (embedded or server); `make_embedder()` the bundled
MiniLM. `MemoryStore` and `HashingEmbedder` are fakes with the same interfaces, for fast tests.
A `Store` holds article records and two tables, ``store.passages`` and ``store.sentences`` (each a
`Table` of `PassageRecord` or `SentenceRecord` with vectors); `store.records` holds those typed
records and the one codec between them and Chroma's metadata.
"""

from store.base import SCHEMA_VERSION, ArticleRecord, Hit, PassageRecord, SentenceRecord, Store, Table
from store.chroma import ChromaStore, delete_store, open_store
from store.embedding import Embedder, HashingEmbedder, SentenceTransformerEmbedder, make_embedder
from store.memory import MemoryStore

__all__ = [
    "SCHEMA_VERSION",
    "ArticleRecord",
    "ChromaStore",
    "Embedder",
    "HashingEmbedder",
    "Hit",
    "MemoryStore",
    "PassageRecord",
    "SentenceRecord",
    "SentenceTransformerEmbedder",
    "Store",
    "Table",
    "delete_store",
    "make_embedder",
    "open_store",
]
