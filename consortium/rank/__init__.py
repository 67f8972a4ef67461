"""Learned relevance of organisations for a topic: features from track records, text and
the co-participation network, and a model trained on funded consortia (docs/evaluation.md)."""
