"""Embedding: the embedder and its cache, the pool index and its snapshot."""
