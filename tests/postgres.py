"""The tests' throwaway PostgreSQL server: ``helpdesk_tui.bench.postgres``, which the benchmark
starts too; the fixtures (conftest.py) know it by this name."""

from helpdesk_tui.bench.postgres import Server, find_bindir, start

__all__ = ["Server", "find_bindir", "start"]
