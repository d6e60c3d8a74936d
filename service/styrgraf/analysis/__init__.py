"""The analysis layer: the goal hierarchy read from a store, the trace of a node up to the
vision and down to its activities, and coverage (orphans, uncovered goals)."""
