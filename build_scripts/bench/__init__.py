"""Helpers for build_scripts/benchmark.py: test data, timing, and the scripts each measured subprocess runs."""
