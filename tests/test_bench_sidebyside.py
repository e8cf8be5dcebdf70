"""The side-by-side comparison produces every figure, on a tiny dataset with the real tools."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest

from helpdesk_tui.bench import datasets, queries, sidebyside
from helpdesk_tui.bench.datasets import Dataset
from helpdesk_tui.bench.plan import Plan
from helpdesk_tui.bench.queries import MISSPELT, BenchQuery
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.demo.generate import generate


def _dataset(tmp_path: Path) -> Dataset:
    path = tmp_path / "demo.db"
    generate(to_url(str(path)), contacts=300, seed=3, now=datasets.ANCHOR)
    return Dataset(size=300, seed=3, path=path, seconds=1.0, built="x")


def _drawn(data: Dataset) -> list[BenchQuery]:
    conn = data.connect()
    try:
        return queries.build(conn, per_class=2)
    finally:
        conn.close()


def _positive(figure: float) -> bool:
    return math.isfinite(figure) and figure > 0


def _require(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make bench installs it)")


def test_every_figure_is_measured(tmp_path: Path) -> None:
    _require("fzf", "abook")
    data = _dataset(tmp_path)
    drawn = _drawn(data)
    conn = data.connect()
    try:
        live = conn.execute("SELECT count(*) FROM contact WHERE merged_into_id IS NULL").fetchone()
    finally:
        conn.close()
    steps: list[str] = []

    result = sidebyside.measure(data, drawn, Plan(side_per_class=1), progress=steps.append)

    classes = {q.kind for q in drawn}
    for tool in ("fzf", "abook"):
        figures = result[tool]
        assert figures["queries"] == len(classes)
        for key in ("ours_s", f"{tool}_s", "ratio"):
            assert set(figures[key]) == classes
            assert all(_positive(value) for value in figures[key].values()), (tool, key)
        assert _positive(figures["median_ratio"])
    assert "abook_missing" not in result
    top5 = result["fzf"]["top5"]
    assert set(top5) == {"ours", "fzf", "queries"}
    assert top5["queries"] == len(classes & set(MISSPELT))
    assert all(0 <= top5[tool] <= 1 for tool in ("ours", "fzf"))
    json.dumps(result, allow_nan=False)
    assert steps[-1] == f"fzf, abook {len(classes)}/{len(classes)}"

    files = sidebyside.export(data)
    lines = files.lines.read_text(encoding="utf-8").splitlines()
    ids = files.ids.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ids) == live[0]
    assert len(set(lines)) == len(lines)
    entries = re.findall(r"^\[\d+\]$", files.abook.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(entries) == live[0]
    assert not list(files.lines.parent.glob("*.part"))


def test_without_abook_fzf_is_still_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require("fzf")
    which = shutil.which
    monkeypatch.setattr(
        sidebyside.shutil, "which", lambda tool: None if tool == "abook" else which(tool)
    )
    data = _dataset(tmp_path)
    drawn = [q for q in _drawn(data) if q.kind not in MISSPELT]
    steps: list[str] = []

    result = sidebyside.measure(data, drawn, Plan(side_per_class=1), progress=steps.append)

    assert "abook" not in result
    assert result["abook_missing"] == sidebyside.ABOOK_MISSING
    assert _positive(result["fzf"]["median_ratio"])
    assert result["fzf"]["top5"] == {"ours": None, "fzf": None, "queries": 0}
    json.dumps(result, allow_nan=False)
    assert steps[-1].startswith("fzf ")


def test_a_missing_tool_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    data = Dataset(size=300, seed=3, path=tmp_path / "absent.db", seconds=1.0, built="x")

    with pytest.raises(sidebyside.ToolMissing, match="make bench") as raised:
        sidebyside.measure(data, [], Plan(side_per_class=1))

    assert raised.value.tool == "fzf"


def test_a_hung_tool_fails_the_run_naming_tool_and_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _require("sleep")
    monkeypatch.setattr(sidebyside, "TIMEOUT", 0.2)
    slow = sidebyside._Tool("slow", ("sleep",), frozenset({0}))

    with pytest.raises(RuntimeError, match=r"slow took over 0\.2 s on '5'"):
        sidebyside._run(slow, "5", {})


INTENDED = "C-1\tAnna Seidel\tanna@example.org\t\t\t"
NAMESAKE = "C-2\tAnna Seidel\tseidel@example.net\t\t\t"
OTHER = "C-3\tAnne Seidl\tanne@example.org\t\t\t"


@pytest.mark.parametrize(
    ("kind", "output", "found"),
    [
        ("misspelt_name", [OTHER, INTENDED], True),
        ("misspelt_name", [OTHER, NAMESAKE], True),
        ("misspelt_email", [OTHER, INTENDED], True),
        ("misspelt_email", [OTHER, NAMESAKE], False),
        ("misspelt_name", [OTHER] * 5 + [INTENDED], False),
    ],
)
def test_fzf_is_judged_by_the_rule_of_rank_of(kind: str, output: list[str], found: bool) -> None:
    """A namesake counts for a misspelt name (as in ``rank_of``), never for an email."""
    query = BenchQuery(kind, "ana seidle", contact_id=1, name="Anna Seidel")

    assert sidebyside._fzf_found(query, "\n".join(output) + "\n", INTENDED) is found
