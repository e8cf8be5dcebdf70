"""The side-by-side comparison produces every figure, on a tiny dataset with the real tools."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from helpdesk_tui.bench import datasets, queries, sidebyside
from helpdesk_tui.bench.datasets import Dataset
from helpdesk_tui.bench.plan import Plan
from helpdesk_tui.store.connect import to_url
from helpdesk_tui.store.demo import generate


def _dataset(tmp_path: Path) -> Dataset:
    path = tmp_path / "demo.db"
    generate(to_url(str(path)), contacts=300, seed=3, now=datasets.ANCHOR)
    return Dataset(size=300, seed=3, path=path, seconds=1.0, built="x")


def _positive(figure: float) -> bool:
    return math.isfinite(figure) and figure > 0


def test_every_figure_is_measured(tmp_path: Path) -> None:
    for tool in ("fzf", "abook"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make bench installs it)")
    data = _dataset(tmp_path)
    conn = data.connect()
    try:
        drawn = queries.build(conn, per_class=2)
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
    top5 = result["fzf"]["top5"]
    assert set(top5) == {"ours", "fzf"}
    assert all(0 <= rate <= 1 for rate in top5.values())
    assert steps[-1] == f"fzf, abook {len(classes)}/{len(classes)}"

    files = sidebyside.export(data)
    lines = files.lines.read_text(encoding="utf-8").splitlines()
    ids = files.ids.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ids) == live[0]
    assert len(set(lines)) == len(lines)
    entries = re.findall(r"^\[\d+\]$", files.abook.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(entries) == live[0]


def test_a_missing_tool_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    data = Dataset(size=300, seed=3, path=tmp_path / "absent.db", seconds=1.0, built="x")

    with pytest.raises(sidebyside.ToolMissing, match="make bench") as raised:
        sidebyside.measure(data, [], Plan(side_per_class=1))

    assert raised.value.tool == "fzf"
