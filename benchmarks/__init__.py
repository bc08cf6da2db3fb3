"""Benchmarks: measured figures written to docs/, never timed tests."""
