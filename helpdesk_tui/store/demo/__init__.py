"""Demo data: deterministic rows, built in parallel and loaded in bulk on either
engine."""
