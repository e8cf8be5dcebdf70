"""One benchmark run: every measurement at every size, the table, the JSON, the verdict.

A measurement that fails is recorded with its error and leaves its figures missing; a missing
figure misses its budget, so a broken part of the bench cannot pass silently.
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from . import (
    coldstart,
    duplicates,
    keystrokes,
    merge,
    postgres_store,
    sidebyside,
    store_latency,
    tickets,
)
from .datasets import dataset
from .figures import figures, judge, labels
from .plan import Plan
from .postgres import Server
from .queries import CLASSES, build

Say = Callable[[str], None]


def machine() -> dict[str, str | int]:
    """What the figures were measured on, for the README and the JSON."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 0,
        "memory_gb": round(memory_kb / 2**20),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def _generation_progress(say: Say) -> Callable[[int, int], None]:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] > 2 or done == total:
            last[0] = now
            say(f"  generating {done:,} / {total:,} contacts")

    return progress


def measure_size(size: int, plan: Plan, say: Say, seed: int = 1, pg: Server | None = None) -> dict:
    """Every measurement at one size, on SQLite and then on the PostgreSQL server ``pg`` (its
    absence is a failed measurement); failures are kept as text, not raised."""
    started = time.perf_counter()
    raw: dict = {}
    try:
        data = dataset(size, seed, progress=_generation_progress(say))
        with data.connect() as conn:
            queries = build(conn, per_class=plan.per_class, seed=11)
    except Exception as error:  # no database, no figures: every budget of this size misses
        raw["errors"] = {"dataset": f"{type(error).__name__}: {error}"}
        say(f"  the {size:,} database failed: {error}")
        return raw
    raw["generation"] = {
        "seconds": data.seconds,
        "contacts_per_s": round(data.contacts_per_second),
        "built": data.built,
    }
    parts: dict[str, Callable[..., dict]] = {
        "store": store_latency.measure,
        "keystrokes": keystrokes.measure,
        "coldstart": coldstart.measure,
        "sidebyside": sidebyside.measure,
        "tickets": tickets.measure,
        "merge": merge.measure,
        "duplicates": duplicates.measure,
        "postgresql": partial(postgres_store.measure, pg),
    }
    for name, measure in parts.items():
        say(f"{size:,} contacts: {name}")
        try:
            raw[name] = measure(data, queries, plan, progress=lambda text: say(f"  {text}"))
        except Exception as error:  # recorded, and its figures go missing
            raw.setdefault("errors", {})[name] = f"{type(error).__name__}: {error}"
            say(f"  {name} failed: {error}")
            if os.environ.get("HELPDESK_TUI_BENCH_DEBUG"):
                traceback.print_exc()
    if "abook_missing" in raw.get("sidebyside", {}):
        raw.setdefault("errors", {})["abook"] = raw["sidebyside"]["abook_missing"]
    raw["seconds"] = round(time.perf_counter() - started, 1)
    return raw


def _shown(value: float | None) -> str:
    """Three significant digits, thousands whole and grouped."""
    if value is None:
        return "missing"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _grid(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, its columns padded to line up in a terminal too."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(0, " | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)))
    lines.insert(1, "-|-".join("-" * w for w in widths))
    return "\n".join(f"| {line} |" for line in lines)


def table(results: dict[int, dict[str, float | None]]) -> str:
    """The figures by size, each with its budget and a mark where it is judged."""
    budgets = {(budget.figure, budget.size): budget for budget, _ in judge(results)}
    sizes = sorted(results)
    rows = []
    for figure, label in labels().items():
        if not any(figure in results[size] for size in sizes):
            continue
        row = [label]
        for size in sizes:
            if figure not in results[size]:
                row.append("—")
                continue
            value = results[size][figure]
            shown = _shown(value)
            if budget := budgets.get((figure, size)):
                mark = "ok" if budget.holds(value) else "MISSED"
                shown = f"{shown} ({budget.wording}) {mark}"
            row.append(shown)
        rows.append(row)
    return _grid(["figure", *(f"{size:,}" for size in sizes)], rows)


def by_class(raw: dict[int, dict]) -> str:
    """Per query class and size: store p50 / p95 / max and the whole process against fzf, and
    beside them PostgreSQL's store p50 / p95 / max where it was measured.

    The budgets judge the worst class; this is where to look for which one it is.
    """
    sizes = sorted(raw)
    engines = [(size, "store") for size in sizes]
    engines += [(size, "postgresql") for size in sizes if raw[size].get("postgresql")]
    engines.sort(key=lambda pair: (pair[0], pair[1] == "postgresql"))
    rows = []
    for kind in CLASSES:
        row = [kind]
        for size, engine in engines:
            store = raw[size].get(engine, {}).get("latency", {}).get(kind)
            side = raw[size].get("sidebyside", {}).get("fzf", {}) if engine == "store" else {}
            cell = (
                "—"
                if store is None
                else (f"{store['p50_ms']:.3g} / {store['p95_ms']:.3g} / {store['max_ms']:.3g}")
            )
            if kind in side.get("ratio", {}):
                ours, theirs = side["ours_s"][kind] * 1000, side["fzf_s"][kind] * 1000
                cell += f" · {ours:.0f} vs {theirs:.0f} ms ({side['ratio'][kind]:.2f})"
            row.append(cell)
        rows.append(row)
    header = ["class: store p50 / p95 / max ms · search vs fzf (ratio)"]
    header += [f"{n:,}{' PostgreSQL' if engine == 'postgresql' else ''}" for n, engine in engines]
    return _grid(header, rows)


def update_readme(readme: Path, text: str) -> None:
    """Replace the README's bench section (between its markers) with the latest table."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    content = readme.read_text(encoding="utf-8")
    if start not in content or end not in content:
        return
    head, rest = content.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def compile_package() -> None:
    """Byte-compile the app, as a regular install does: with PYTHONDONTWRITEBYTECODE set (it is,
    on the reference machine) an editable install recompiles every module on every start."""
    compileall.compile_dir(Path(__file__).resolve().parent.parent, quiet=1)


def run(
    sizes: list[int],
    plan: Plan,
    out: Path,
    readme: Path | None = None,
    say: Say = lambda text: print(text, file=sys.stderr, flush=True),
) -> int:
    """Measure, write ``out/<date>.json``, print the table; 1 when a budget is missed."""
    compile_package()
    with postgres_store.server() as pg:
        raw = {size: measure_size(size, plan, say, pg=pg) for size in sizes}
    return report(raw, plan, out, readme)


def report(raw: dict[int, dict], plan: Plan, out: Path, readme: Path | None = None) -> int:
    """Judge measurements against the budgets: write the JSON, print the table, then name
    each missed budget and each failed measurement; 1 when there is any (0 for a smoke run,
    whose timings are not judged)."""
    sizes = sorted(raw)
    results = {size: figures(raw[size], size, plan.abook_max_size) for size in sizes}
    verdicts = judge(results)
    missed = [(budget, value) for budget, value in verdicts if not budget.holds(value)]
    when = datetime.now(UTC)
    about = machine()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{when.date().isoformat()}{'-smoke' if plan.smoke else ''}.json"
    path.write_text(
        json.dumps(
            {
                "date": when.isoformat(timespec="seconds"),
                "machine": about,
                "plan": plan.__dict__,
                "figures": results,
                "budgets": [
                    {
                        "figure": budget.figure,
                        "size": budget.size,
                        "limit": budget.wording,
                        "value": value,
                        "ok": budget.holds(value),
                    }
                    for budget, value in verdicts
                ],
                "raw": raw,
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    text = f"{table(results)}\n\n{by_class(raw)}"
    print(text)
    versions = {raw[size].get("postgresql", {}).get("server_version") for size in sizes} - {None}
    postgresql = f", PostgreSQL {min(versions)}" if versions else ""
    summary = (
        f"Measured {when:%Y-%m-%d} on {about['cpu']}, {about['cores']} cores, "
        f"{about['memory_gb']} GB, Python {about['python']}, SQLite {about['sqlite']}"
        f"{postgresql}."
    )
    print(summary)
    print(f"Results: {path}")
    if readme is not None and not plan.smoke:
        update_readme(readme, f"{text}\n\n{summary}")
    if plan.smoke:
        return 0
    for budget, value in missed:
        shown = _shown(value)
        print(f"MISSED at {budget.size:,}: {budget.label}: {shown}, budget {budget.wording}")
    for size in sizes:
        for part, error in raw[size].get("errors", {}).items():
            print(f"FAILED at {size:,}: {part}: {error}")
    return 1 if missed or any("errors" in raw[size] for size in sizes) else 0
