"""Moving a contact method from the contact who owns it to another: what "move it here"
does when an agent adds an address or number another contact holds (``IdentityConflict``),
or "move it to the new contact" when the New contact form meets one (``split_taken``: the
contact is created and the method moved in one unit of work, ``operations.create_contact_in``).

One unit of work: the method changes owner (a default of its kind only if the new owner has
none), the old owner's next method of the kind becomes its default if the moved one was, both
contacts get a new version (an open form on either is told who moved what), each is journalled
in its own terms (a method removed, a method added), and both search rows are rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress

from sqlmodel import Session, col, select

from ..clock import utcnow
from ..database.engine import Database
from ..errors import InvalidInput, NotFound
from ..journal.events import record
from ..journal.unit import Unit
from ..models import Contact, Identity, stored_id
from ..search.index import reindex
from . import identities as idn
from .fields import AddIdentity
from .merge_plan import load_contact
from .methods import claimant, display_name, holds
from .reads import contact_view
from .stale_edits import stale_edit
from .views import ContactView


def _region(contact: Contact, default: str) -> str:
    country = contact.country.strip().upper()
    return country if len(country) == 2 and country.isalpha() else default


def _live(session, typed: str) -> Contact:
    contact = load_contact(session, typed)
    if contact.merged_into_id is not None:
        raise NotFound(f"{contact.reference} was merged into another contact", "contact")
    return contact


def move_identity_in(
    unit: Unit, kind: str, value: str, to: str, version: int | None = None
) -> ContactView:
    """Give the ``kind`` method ``value`` (as typed; read as its normalised form, for the
    receiving contact's country) to contact ``to``, made on its ``version`` (None: not
    checked). Returns the receiving contact as it is now. ``NotFound`` when no contact claims
    it (a deleted contact's stand aside: ``Identity.claimed``), ``InvalidInput`` when ``to``
    holds it already or the value is not valid."""
    session = unit.session
    target = _live(session, to)
    try:
        typed, normalized = idn.normalize(kind, value, _region(target, unit.region))
    except idn.InvalidIdentity as error:
        raise InvalidInput("identity", str(error)) from None
    identity = session.exec(
        select(Identity).where(
            Identity.kind == kind, Identity.normalized == normalized, col(Identity.claimed)
        )
    ).first()
    if holds(session, target.id, kind, normalized):
        raise InvalidInput("identity", f"{kind} {typed} is already one of this contact's methods")
    if identity is None:
        raise NotFound(f"no contact has the {kind} {typed}: add it instead", "identity")
    owner = session.get(Contact, identity.contact_id)
    assert owner is not None  # the foreign key guarantees it
    for contact in sorted((owner, target), key=lambda c: c.id or 0):
        session.refresh(contact, with_for_update=True)
    if version is not None and target.version != version:
        raise stale_edit(session, target, version, {}, ())
    owner_version, target_version = owner.version, target.version
    rest = session.exec(
        select(Identity)
        .where(Identity.contact_id == owner.id, Identity.kind == kind, Identity.id != identity.id)
        .order_by(col(Identity.id))
    ).all()
    entry = {"id": identity.id, "kind": kind, "value": identity.value}
    defaulted = []
    if identity.is_default and rest:
        rest[0].is_default = True
        defaulted.append(
            {"id": rest[0].id, "kind": kind, "value": rest[0].value}
            | {"replaced": identity.id, "promoted": True}
        )
    has_default = session.exec(
        select(Identity.id).where(
            Identity.contact_id == target.id, Identity.kind == kind, col(Identity.is_default)
        )
    ).first()
    identity.contact_id = stored_id(target.id)
    identity.is_default = has_default is None
    identity.claimed = target.deleted_at is None
    now = utcnow()
    owner.updated_at = now
    session.flush()
    moved = f"moved {kind} {identity.value} from {display_name(owner)} ({owner.reference}) to "
    moved += f"{display_name(target)} ({target.reference})"
    record(
        unit,
        "contact",
        owner.id,
        "update",
        moved,
        before={
            "identities": {"removed": [entry], "defaulted": defaulted},
            "version": owner_version,
        },
        after={"version": owner.version},
    )
    target.updated_at = now
    session.flush()
    record(
        unit,
        "contact",
        target.id,
        "update",
        moved,
        before={"identities": {"added": [entry]}, "version": target_version},
        after={"version": target.version},
    )
    reindex(session, [stored_id(owner.id), stored_id(target.id)])
    return contact_view(session, target)


def split_taken(
    session: Session,
    adds: list[tuple[int, AddIdentity]],
    taking: Iterable[tuple[str, str]],
    region: str,
) -> tuple[list[tuple[int, AddIdentity]], list[tuple[int, AddIdentity]]]:
    """Split a new contact's methods (numbered as its form lists them) into those to add and
    those to take from the contact who holds them: ``taking`` lists the (kind, value) the
    agent chose to move ("move it to the new contact"), matched by normalised value. One no
    contact holds any more is simply added; one the agent did not choose stays a conflict."""
    wanted = set()
    for kind, value in taking:
        with suppress(idn.InvalidIdentity):
            wanted.add((kind, idn.normalize(kind, value, region)[1]))
    keep: list[tuple[int, AddIdentity]] = []
    move: list[tuple[int, AddIdentity]] = []
    for index, op in adds:
        try:
            key = (op.kind, idn.normalize(op.kind, op.value, region)[1])
        except idn.InvalidIdentity:
            key = None  # refused with its reason by the add
        taken = key is not None and key in wanted and claimant(session, *key) is not None
        (move if taken else keep).append((index, op))
    return keep, move


def move_identity(
    db: Database, kind: str, value: str, to: str, version: int | None = None
) -> ContactView:
    """``move_identity_in`` as a unit of work of its own (the identity conflict's "move it
    here")."""
    with db.unit() as unit:
        return move_identity_in(unit, kind, value, to, version)
