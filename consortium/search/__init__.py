"""Searching for a consortium: constraints, greedy + swaps, the exact MILP,
alternatives, gap filling."""
