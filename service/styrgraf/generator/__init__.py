"""Synthetic municipal models of any size, with the orphans and uncovered goals they were built
to hold, for tests and benchmarks."""
