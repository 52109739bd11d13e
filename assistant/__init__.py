"""Retrieval, reranking and cited answers over the store (built in the answers issue)."""
