"""The enums in store.kinds are the one source of statuses, priorities and kinds of contact
method: everything else that lists them derives from them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpdesk_tui.store import contact_reads, demo_plan, demo_rows, hits, models, search_rows, views
from helpdesk_tui.store.kinds import (
    KINDS,
    OPEN_STATUSES,
    PHONE_KINDS,
    PRIORITIES,
    IdentityKind,
    TicketPriority,
    TicketStatus,
)


def test_derived_tuples_keep_their_order_and_values():
    assert PRIORITIES == ("urgent", "high", "normal", "low")
    assert OPEN_STATUSES == ("new", "open", "pending")
    assert KINDS[:2] == ("email", "phone")
    assert {"phone", "sms", "whatsapp"} == PHONE_KINDS
    assert all(type(value) is str for value in (*KINDS, *OPEN_STATUSES, *PRIORITIES))


def test_the_enums_say_which_are_open_and_which_hold_numbers():
    assert [s for s in TicketStatus if s.is_open] == ["new", "open", "pending"]
    assert {k for k in IdentityKind if k.holds_number} == PHONE_KINDS
    assert next(iter(TicketPriority)) is TicketPriority.URGENT


def test_no_module_keeps_its_own_copy():
    """The modules that used to type the lists out use the enums' (the very same objects)."""
    assert demo_rows.PRIORITIES is PRIORITIES
    assert demo_plan.PRIORITIES is PRIORITIES  # the SLA targets of demo data, both engines
    assert demo_rows.STATUS.values == tuple(TicketStatus)
    assert contact_reads.OPEN_STATUSES is OPEN_STATUSES
    assert search_rows.OPEN_STATUSES is OPEN_STATUSES
    assert views.OPEN_STATUSES is OPEN_STATUSES
    assert not hasattr(hits, "OPEN_STATUSES")
    assert models.Ticket().status == TicketStatus.NEW
    assert models.Ticket().priority == TicketPriority.NORMAL


def test_the_vocabulary_needs_only_the_standard_library():
    code = (
        "import sys\n"
        "import helpdesk_tui.store.kinds\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'pydantic', 'textual', 'rich'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_row_read_back_has_its_id():
    assert models.stored_id(7) == 7
    with pytest.raises(ValueError, match="no id"):
        models.stored_id(None)
