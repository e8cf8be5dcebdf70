"""The benchmark at 10k contacts, quickly: every figure is produced (its budgets are not judged:
timings belong in `make bench`, not in tests)."""

from __future__ import annotations

import json
import shutil

import pytest

from helpdesk_tui.bench import datasets, run
from helpdesk_tui.bench.figures import labels
from helpdesk_tui.bench.plan import SMOKE, Plan
from helpdesk_tui.bench.postgres import find_bindir

SIZE = 10_000
SIDE_BY_SIDE = {"fzf_ratio", "abook_ratio", "top5_lead_over_fzf", "side_top5_ours", "side_top5_fzf"}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, so the smoke run builds its 10k database afresh."""
    monkeypatch.setattr(datasets, "cache_dir", lambda: tmp_path / "cache")
    return tmp_path


def test_every_figure_is_produced(cache, capsys):
    code = run.run([SIZE], SMOKE, cache / "results", say=lambda _: None)
    assert code == 0
    (written,) = (cache / "results").glob("*-smoke.json")
    results = json.loads(written.read_text())
    figures = results["figures"][str(SIZE)]
    expected = set(labels())
    if not (shutil.which("fzf") and shutil.which("abook")):
        expected -= SIDE_BY_SIDE  # `make bench` and .ci/run install them
    if find_bindir() is None:
        expected -= {name for name in expected if name.startswith("pg_")}  # so do they PostgreSQL
    missing = sorted(name for name in expected if figures.get(name) is None)
    errors = results["raw"][str(SIZE)].get("errors", {})
    assert not missing, f"figures not produced: {missing}; errors: {errors}"
    if expected == set(labels()):
        assert not errors
    table = capsys.readouterr().out
    for label in (labels()[name] for name in expected):
        assert label in table


def test_the_readme_table_is_replaced_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\nrest\n")
    run.update_readme(readme, "| new |")
    assert readme.read_text() == "intro\n<!-- bench:start -->\n| new |\n<!-- bench:end -->\nrest\n"


def test_budgets_name_only_figures_the_bench_produces():
    produced = set(run.figures({}, 100_000, 100_000))
    assert set(labels()) == produced


def _measured(p95_ms: float) -> dict:
    timing = {"p50_ms": p95_ms, "p95_ms": p95_ms, "max_ms": p95_ms}
    return {"store": {"latency": dict.fromkeys(run.CLASSES, timing)}}


def test_a_missed_budget_is_named_and_fails_the_run(tmp_path, capsys):
    code = run.report({100_000: _measured(12.5)}, Plan(), tmp_path)
    out = capsys.readouterr().out
    assert code == 1
    assert "MISSED at 100,000: store search p95, exact / prefix / fragment (ms): 12.5" in out
    assert "MISSED at 100,000: cold start to first paint (s): missing" in out


def test_a_failed_measurement_is_named(tmp_path, capsys):
    raw = {100_000: {"errors": {"coldstart": "RuntimeError: no paint"}}}
    assert run.report(raw, Plan(), tmp_path) == 1
    assert "FAILED at 100,000: coldstart: RuntimeError: no paint" in capsys.readouterr().out
