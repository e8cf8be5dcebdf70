"""Our search command against fzf and abook, as whole processes on the same contacts and queries.

A user comparing tools runs commands, so each search is timed from spawning the process to its
exit: interpreter start-up, imports and opening the database count for us exactly as reading
its whole file counts for fzf and abook. The tools take turns going first (ours first on even
queries, theirs on odd ones) so the page cache and CPU frequency favour no one. fzf and abook
read an export of the database made once per dataset: one line (or abook entry) per live
contact, holding what our search looks at: reference, name, every email, phone and handle, and
company. (abook's query matches names, emails and nicknames only, wherever the rest is put.)
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

from ..store.kinds import PHONE_KINDS
from .datasets import Dataset, export_dir
from .plan import Plan
from .queries import CLASSES, MISSPELT, BenchQuery

RESULTS = 50
"""Rows every tool is asked for, as an agent would read at most a screenful."""
TOP = 5
LARGE = 1_000_000
"""From this size on each query is timed once: a run must stay within minutes."""
FZF_PIPELINE = f'fzf --filter "$2" < "$1" | head -{RESULTS}'
_BLANKS = str.maketrans("\t\n\r", "   ")

_EXPORT_SQL = """
SELECT c.reference, trim(c.first_name || ' ' || c.last_name), COALESCE(co.name, ''),
  group_concat(CASE WHEN i.kind = 'email' THEN i.value END, char(1)),
  group_concat(CASE WHEN i.kind IN ({phones}) THEN i.value END, char(1)),
  group_concat(CASE WHEN i.kind NOT IN ('email', {phones}) THEN i.value END, char(1)),
  c.id
FROM contact c
LEFT JOIN company co ON co.id = c.company_id
LEFT JOIN identity i ON i.contact_id = c.id
WHERE c.merged_into_id IS NULL
GROUP BY c.id
ORDER BY c.id
"""


class ToolMissing(Exception):
    """fzf or abook is not installed, so the comparison cannot run."""

    def __init__(self, tool: str) -> None:
        super().__init__(
            f"{tool} is not on PATH: run `make bench`, which installs it from Debian's packages"
        )
        self.tool = tool


@dataclass(frozen=True)
class Export:
    """The dataset's contacts as fzf lines and an abook file, in the same order."""

    lines: Path
    """``reference<TAB>name<TAB>emails<TAB>phones<TAB>handles<TAB>company``, one live contact
    per line. The reference (unique) makes every line unique, so a line fzf prints names its
    contact; a hidden id field (``--nth``) would instead change what fzf matches and its speed,
    and the reference is something agents search for."""
    ids: Path
    """The contact id of each line (and of the abook entry with the same number)."""
    abook: Path


@dataclass(frozen=True)
class _Tool:
    name: str
    argv: tuple[str, ...]
    """The command, to which the query is appended."""
    exits: frozenset[int]
    """Exit codes of a search that worked; abook exits 1 when nothing matches."""


def _rows(data: Dataset) -> Iterator[tuple[str, str, str, list[str], list[str], list[str], int]]:
    """Live contacts in id order, straight from a cursor: a million of them never sit in memory."""
    phones = ", ".join(f"'{kind}'" for kind in sorted(PHONE_KINDS))
    conn = data.connect()
    try:
        for reference, name, company, emails, numbers, handles, contact_id in conn.execute(
            _EXPORT_SQL.format(phones=phones)
        ):
            yield (
                reference.translate(_BLANKS),
                name.translate(_BLANKS),
                company.translate(_BLANKS),
                *(
                    [value.translate(_BLANKS) for value in (values or "").split("\x01") if value]
                    for values in (emails, numbers, handles)
                ),
                contact_id,
            )
    finally:
        conn.close()


def export(data: Dataset) -> Export:
    """The export fzf and abook read, written once per dataset: at a million contacts it takes
    longer than the searches. Files are renamed into place, so an interrupted run leaves
    nothing that looks finished."""
    folder = export_dir(data)
    done = Export(folder / "lines.txt", folder / "lines.ids", folder / "abook.data")
    built = data.path.stat().st_mtime
    if all(path.exists() and path.stat().st_mtime > built for path in astuple(done)):
        return done
    partial = Export(*(path.with_name(path.name + ".part") for path in astuple(done)))
    with (
        partial.lines.open("w", encoding="utf-8", newline="\n") as lines,
        partial.ids.open("w", encoding="utf-8", newline="\n") as ids,
        partial.abook.open("w", encoding="utf-8", newline="\n") as abook,
    ):
        abook.write("[format]\nprogram=abook\nversion=0.6.1\n\n")
        for number, (reference, name, company, emails, phones, handles, contact_id) in enumerate(
            _rows(data)
        ):
            fields = (reference, name, " ".join(emails), " ".join(phones), " ".join(handles))
            lines.write("\t".join((*fields, company)) + "\n")
            ids.write(f"{contact_id}\n")
            entry = {
                "name": name,
                "email": ",".join(emails),
                "phone": ", ".join(phones),
                "nick": " ".join(handles),
                "notes": company,
            }
            abook.write(f"[{number}]\n")
            abook.writelines(f"{key}={value}\n" for key, value in entry.items() if value)
            abook.write("\n")
    for part, path in zip(astuple(partial), astuple(done), strict=True):
        part.replace(path)
    return done


def _lines_of(files: Export, contact_ids: set[int]) -> dict[int, str]:
    """The export lines of a few contacts, read by streaming both files side by side."""
    found: dict[int, str] = {}
    with (
        files.lines.open(encoding="utf-8", newline="\n") as lines,
        files.ids.open(encoding="utf-8") as ids,
    ):
        for line, contact_id in zip(lines, ids, strict=True):
            if int(contact_id) in contact_ids:
                found[int(contact_id)] = line.rstrip("\n")
    return found


def _select(queries: Sequence[BenchQuery], per_class: int) -> list[BenchQuery]:
    """The first ``per_class`` of each class: the same queries on every run."""
    return [q for kind in CLASSES for q in [q for q in queries if q.kind == kind][:per_class]]


def _ours() -> list[str]:
    """The command a user types: the installed script, or the module when not installed."""
    script = Path(sys.executable).with_name("helpdesk-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "helpdesk_tui"]


def _tools(data: Dataset, files: Export, abook: bool) -> list[_Tool]:
    ours = (*_ours(), "search", "--limit", str(RESULTS), "--db", str(data.path), "--")
    tools = [
        _Tool("ours", ours, frozenset({0})),
        _Tool("fzf", ("sh", "-c", FZF_PIPELINE, "sh", str(files.lines)), frozenset({0})),
    ]
    if abook:
        # An empty configuration, so a user's ~/.abook/abookrc changes nothing.
        argv = ("abook", "--config", os.devnull, "--datafile", str(files.abook), "--mutt-query")
        tools.append(_Tool("abook", argv, frozenset({0, 1})))
    return tools


def _run(tool: _Tool, text: str, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*tool.argv, text], capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in tool.exits:
        raise RuntimeError(
            f"{tool.name} failed on {text!r} (exit {done.returncode}): "
            + done.stderr.decode(errors="replace").strip()
        )
    return seconds, done.stdout.decode("utf-8", errors="replace")


def _compare(
    chosen: Sequence[BenchQuery], ours: Sequence[float], theirs: Sequence[float], name: str
) -> dict:
    """Per-class medians and ratios: the ratio of medians would hide which queries are slow."""
    classes = [kind for kind in CLASSES if any(q.kind == kind for q in chosen)]
    rows = {kind: [i for i, q in enumerate(chosen) if q.kind == kind] for kind in classes}
    ratio = {kind: statistics.median(ours[i] / theirs[i] for i in rows[kind]) for kind in classes}
    return {
        "ours_s": {kind: statistics.median(ours[i] for i in rows[kind]) for kind in classes},
        f"{name}_s": {kind: statistics.median(theirs[i] for i in rows[kind]) for kind in classes},
        "ratio": ratio,
        "median_ratio": statistics.median(ratio.values()),
        "queries": len(chosen),
    }


def _ours_top(output: str, reference: str) -> bool:
    """Whether the table a user reads lists ``reference`` in its first rows (the REF column)."""
    rows = output.splitlines()[1 : TOP + 1]
    return any(row.split(maxsplit=1)[:1] == [reference] for row in rows)


def measure(
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """How our search command compares with the tools an agent could use instead, in the time
    a user waits (whole processes) and, on misspelt queries, in whether the caller is found.
    Raises ToolMissing when fzf (or abook, when compared at this size) is not installed."""
    abook = data.size <= plan.abook_max_size
    for tool in ("fzf", "abook") if abook else ("fzf",):
        if shutil.which(tool) is None:
            raise ToolMissing(tool)
    report = progress or (lambda _: None)
    report("exporting contacts")
    files = export(data)
    tools = _tools(data, files, abook)
    chosen = _select(queries, plan.side_per_class)
    repeats = 1 if data.size >= LARGE else 3
    env = {key: value for key, value in os.environ.items() if not key.startswith("FZF_")}
    label = ", ".join(tool.name for tool in tools[1:])
    times: dict[str, list[float]] = {tool.name: [] for tool in tools}
    hits = {"ours": 0, "fzf": 0}
    misspelt = [q for q in chosen if q.kind in MISSPELT]
    intended = _lines_of(files, {q.contact_id for q in misspelt})
    for i, q in enumerate(chosen):
        report(f"{label} {i + 1}/{len(chosen)}")
        runs: dict[str, list[float]] = {tool.name: [] for tool in tools}
        output: dict[str, str] = {}
        for _ in range(repeats):
            for tool in tools if i % 2 == 0 else tools[::-1]:
                seconds, output[tool.name] = _run(tool, q.text, env)
                runs[tool.name].append(seconds)
        for name, seconds in runs.items():
            times[name].append(statistics.median(seconds))
        if q.kind in MISSPELT:
            hits["ours"] += _ours_top(output["ours"], intended[q.contact_id].split("\t", 1)[0])
            hits["fzf"] += intended[q.contact_id] in output["fzf"].splitlines()[:TOP]
    result = {"fzf": _compare(chosen, times["ours"], times["fzf"], "fzf")}
    result["fzf"]["top5"] = {
        name: found / len(misspelt) if misspelt else math.nan for name, found in hits.items()
    }
    if "abook" in times:
        result["abook"] = _compare(chosen, times["ours"], times["abook"], "abook")
    return result
