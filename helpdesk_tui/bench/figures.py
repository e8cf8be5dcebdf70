"""From raw measurements to the figures the budgets judge, and the judgement.

Raw measurements keep every class and mode, for reading later; a figure is one number per size,
the worst of what a budget speaks of (the slowest class's p95, the slower typing mode), so a
budget can only hold when every part of it does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from .queries import CLASSES, MISSPELT

FAST = tuple(kind for kind in CLASSES if kind not in MISSPELT)


@dataclass(frozen=True)
class Budget:
    """A limit on one figure at one size."""

    figure: str
    label: str
    size: int
    kind: str  # "max", "min" or "above"
    limit: float

    def holds(self, value: float | None) -> bool:
        """Whether the measured value keeps the budget; a missing figure never does."""
        if value is None:
            return False
        if self.kind == "max":
            return value <= self.limit
        if self.kind == "min":
            return value >= self.limit
        return value > self.limit

    @property
    def wording(self) -> str:
        """How the table states the limit."""
        return {"max": "≤", "min": "≥", "above": ">"}[self.kind] + f" {self.limit:g}"


def labels() -> dict[str, str]:
    """Every figure the bench produces, in the order the table lists them, with its label."""
    return {name: spec["label"] for name, spec in _specs().items()}


def _specs() -> dict[str, dict]:
    text = files(__package__).joinpath("budgets.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def budgets() -> list[Budget]:
    """The budgets file as a list of limits."""
    found = []
    for figure, spec in _specs().items():
        for kind in ("max", "min", "above"):
            for size, limit in spec.get(kind, {}).items():
                found.append(Budget(figure, spec["label"], int(size), kind, float(limit)))
    return found


def _worst(values: list[float | None], pick=max) -> float | None:
    known = [value for value in values if value is not None]
    return pick(known) if known and len(known) == len(values) else None


def _get(raw: dict, *path: str) -> float | None:
    value: Any = raw
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def figures(raw: dict, size: int, abook_max_size: int) -> dict[str, float | None]:
    """The figures of one size; None where a measurement failed or was not made."""
    ours_top5 = _get(raw, "sidebyside", "fzf", "top5", "ours")
    fzf_top5 = _get(raw, "sidebyside", "fzf", "top5", "fzf")
    found = {
        "store_p95_fast_ms": _worst([_get(raw, "store", "latency", k, "p95_ms") for k in FAST]),
        "store_p95_misspelt_ms": _worst(
            [_get(raw, "store", "latency", k, "p95_ms") for k in MISSPELT]
        ),
        "keystroke_p95_ms": _worst(
            [_get(raw, "keystrokes", mode, "p95_ms") for mode in ("paced", "burst")]
        ),
        "stall_ms": _get(raw, "keystrokes", "stall_ms"),
        "misspelt_top5": _get(raw, "store", "quality", "misspelt", "top5"),
        "misspelt_first": _get(raw, "store", "quality", "misspelt", "first"),
        "first_paint_s": _get(raw, "coldstart", "first_paint_s"),
        "first_results_s": _get(raw, "coldstart", "first_results_s"),
        "peak_rss_mb": _get(raw, "coldstart", "peak_rss_mb"),
        "fzf_ratio": _get(raw, "sidebyside", "fzf", "median_ratio"),
        "abook_ratio": _get(raw, "sidebyside", "abook", "median_ratio"),
        "side_top5_ours": ours_top5,
        "side_top5_fzf": fzf_top5,
        "top5_lead_over_fzf": (
            None if ours_top5 is None or fzf_top5 is None else round(ours_top5 - fzf_top5, 4)
        ),
        "generation_s": _get(raw, "generation", "seconds"),
        "generation_per_s": _get(raw, "generation", "contacts_per_s"),
        "pg_store_p95_fast_ms": _worst(
            [_get(raw, "postgresql", "latency", k, "p95_ms") for k in FAST]
        ),
        "pg_store_p95_misspelt_ms": _worst(
            [_get(raw, "postgresql", "latency", k, "p95_ms") for k in MISSPELT]
        ),
        "pg_misspelt_top5": _get(raw, "postgresql", "quality", "misspelt", "top5"),
        "pg_misspelt_first": _get(raw, "postgresql", "quality", "misspelt", "first"),
        "tickets_open_few_ms": _get(raw, "tickets", "open", "few", "p95_ms"),
        "tickets_open_many_ms": _get(raw, "tickets", "open", "many", "p95_ms"),
        "pg_tickets_open_few_ms": _get(raw, "postgresql", "tickets", "open", "few", "p95_ms"),
        "pg_tickets_open_many_ms": _get(raw, "postgresql", "tickets", "open", "many", "p95_ms"),
        "ticket_list_json_s": _get(raw, "tickets", "list_json", "median_s"),
        "pg_ticket_list_json_s": _get(raw, "postgresql", "tickets", "list_json", "median_s"),
        "ticket_new_ms": _get(raw, "tickets", "store", "new", "p95_ms"),
        "pg_ticket_new_ms": _get(raw, "postgresql", "tickets", "store", "new", "p95_ms"),
        "ticket_move_ms": _get(raw, "tickets", "store", "move", "p95_ms"),
        "pg_ticket_move_ms": _get(raw, "postgresql", "tickets", "store", "move", "p95_ms"),
        "merge_s": _get(raw, "merge", "merge_s"),
        "merge_undo_s": _get(raw, "merge", "undo_s"),
        "pg_merge_s": _get(raw, "postgresql", "merge", "merge_s"),
        "pg_merge_undo_s": _get(raw, "postgresql", "merge", "undo_s"),
        "duplicates_s": _get(raw, "duplicates", "median_s"),
        "pg_load_s": _get(raw, "postgresql", "load", "seconds"),
        "pg_load_per_s": _get(raw, "postgresql", "load", "contacts_per_s"),
    }
    if size > abook_max_size:
        del found["abook_ratio"]
    return found


def judge(results: dict[int, dict[str, float | None]]) -> list[tuple[Budget, float | None]]:
    """Each budget that applies to a measured size, with the value it was judged on."""
    return [
        (budget, results[budget.size].get(budget.figure))
        for budget in budgets()
        if budget.size in results
    ]
