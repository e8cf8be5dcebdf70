"""A contact's methods as they will be once the pending changes are saved, for the Details tab."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..store.contacts.fields import AddIdentity, IdentityOp, MakeDefault, RemoveIdentity
from ..store.contacts.views import IdentityView
from ..widgets.contact_methods import MethodRow


def method_rows(
    identities: Sequence[IdentityView], ops: Sequence[IdentityOp], errors: Mapping[str, str]
) -> tuple[MethodRow, ...]:
    """Saved methods with the pending removals, defaults and additions applied (marked as such,
    with their errors), by kind and default first: what ctrl+s would leave."""
    rows = {
        str(i.id): MethodRow(
            str(i.id), i.kind, i.value, i.is_default, error=errors.get(f"identity:{i.id}", "")
        )
        for i in identities
    }
    for index, op in enumerate(ops):
        if isinstance(op, RemoveIdentity) and str(op.identity_id) in rows:
            rows[str(op.identity_id)] = replace(rows[str(op.identity_id)], state="removed")
        elif isinstance(op, MakeDefault) and str(op.identity_id) in rows:
            kind = rows[str(op.identity_id)].kind
            for key, row in rows.items():
                if row.kind == kind:
                    rows[key] = replace(row, default=key == str(op.identity_id))
        elif isinstance(op, AddIdentity):
            first = not any(r.kind == op.kind and r.state != "removed" for r in rows.values())
            default = first or op.make_default
            if op.make_default:
                for key, row in rows.items():
                    if row.kind == op.kind:
                        rows[key] = replace(row, default=False)
            error = errors.get(f"identity:new:{index}", "")
            rows[f"new:{index}"] = MethodRow(
                f"new:{index}", op.kind, op.value, default, "new", error
            )
    return tuple(sorted(rows.values(), key=lambda r: (r.kind, not r.default)))
