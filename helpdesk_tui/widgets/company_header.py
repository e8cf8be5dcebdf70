"""The company screen's header: which company this is, at a glance (name, reference, domains,
SLA policy, contract), and whether it is inactive or has edits not yet saved."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from textual.reactive import var
from textual.widgets import Static

from ..text import join


class Contract(Protocol):
    """What the header says of a contract (``store.companies.views.ContractSummary``)."""

    @property
    def description(self) -> str: ...

    @property
    def po_number(self) -> str: ...

    @property
    def starts_on(self) -> datetime | None: ...

    @property
    def ends_on(self) -> datetime | None: ...

    @property
    def hour_limit(self) -> float | None: ...


class Company(Protocol):
    """What the header shows (``store.companies.views.CompanyView`` has these)."""

    @property
    def name(self) -> str: ...

    @property
    def reference(self) -> str: ...

    @property
    def domains(self) -> tuple[str, ...]: ...

    @property
    def active(self) -> bool: ...

    @property
    def sla_policy(self) -> str: ...

    @property
    def contract(self) -> Contract | None: ...


def _day(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "…"


def contract_line(contract: Contract | None) -> list[object]:
    """The contract in force as the parts of one line: what, PO, from-to, hours."""
    if contract is None:
        return [("No contract", "$text-muted")]
    hours = contract.hour_limit
    return [
        ("Contract", "bold"),
        contract.description,
        f"PO {contract.po_number}" if contract.po_number else "",
        f"{_day(contract.starts_on)} to {_day(contract.ends_on)}",
        f"{hours:g} h" if hours is not None else "",
    ]


class CompanyHeader(Static):
    """Name in bold, then reference, the marks of an inactive company and of unsaved edits,
    SLA policy and domains (last: the list may be long, and the Overview lists them too); the
    contract on a line of its own. Each line is cut at the width rather than wrapped, so the
    tabs below stay put at 80 columns."""

    DEFAULT_CSS = """
    CompanyHeader {
        height: auto;
        padding: 0 1;
        background: $boost;
        border-bottom: solid $primary;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    company: var[Company | None] = var(None)
    unsaved: var[bool] = var(False)

    def _refresh(self) -> None:
        company = self.company
        if company is None:
            self.update("Loading…")
            return
        first = join(
            [
                (company.name or company.reference, "bold"),
                (company.reference, "$text-muted"),
                ("inactive", "bold $error") if not company.active else "",
                ("unsaved changes: ctrl+s saves", "bold $warning") if self.unsaved else "",
                f"SLA {company.sla_policy}" if company.sla_policy else ("no SLA", "dim"),
                (", ".join(company.domains), "$accent"),
            ],
            max_len=120,
        )
        second = join(contract_line(company.contract), max_len=80)
        self.update(first + "\n" + second)

    def watch_company(self) -> None:
        self._refresh()

    def watch_unsaved(self) -> None:
        self._refresh()
