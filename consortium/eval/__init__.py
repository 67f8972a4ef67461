"""Evaluation against funded consortia: data, protocol, metrics, baselines."""
