"""Scoring a consortium: coverage and gain, diversity, eligibility and condition
checks."""
