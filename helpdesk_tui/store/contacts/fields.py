"""What a contact's form is made of: its editable fields and the changes to contact methods.

Kept apart from ``store.contacts.operations`` (which needs SQLAlchemy) so that screens can build
their forms without loading the ORM before the first paint.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from .views import ContactView, IdentityView


@dataclass(frozen=True)
class FieldSpec:
    """An editable contact field: its label on the Details tab, its kind and its length cap.

    Kinds: ``text``; ``company`` (a company's name); ``bool`` (yes or no); ``country`` (typed as
    a name or code, stored as its ISO 3166-1 alpha-2 code: ``store.contacts.countries``).
    """

    name: str
    label: str
    max_len: int = 100
    kind: str = "text"


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("first_name", "First name"),
    FieldSpec("last_name", "Last name"),
    FieldSpec("alias", "Alias"),
    FieldSpec("title", "Title"),
    FieldSpec("company", "Company", 200, "company"),
    FieldSpec("description", "Description", 2000),
    FieldSpec("address", "Address", 300),
    FieldSpec("city", "City"),
    FieldSpec("state", "State"),
    FieldSpec("postcode", "Postcode", 20),
    FieldSpec("country", "Country", kind="country"),
    FieldSpec("fax", "Fax", 40),
    FieldSpec("is_primary", "Primary contact", kind="bool"),
    FieldSpec("ignore_emails", "Ignore emails", kind="bool"),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


@dataclass(frozen=True)
class AddIdentity:
    """Add a contact method; the first of its kind becomes the default."""

    kind: str
    value: str
    make_default: bool = False


@dataclass(frozen=True)
class SeenMethod:
    """An operation on a saved contact method, holding the method as the agent saw it.

    A save can be replayed long after the agent looked (an "Overwrite" after an edit conflict,
    a restored draft), so the id alone is not enough: the store applies the operation only to
    the row that still has this id *and* this kind and normalized value, and drops it, saying
    so, otherwise. ``value`` is the method as shown, for that sentence.
    """

    identity_id: int
    kind: str
    normalized: str
    value: str

    @classmethod
    def of(cls, identity: IdentityView) -> Self:
        """The operation on a method as loaded."""
        return cls(identity.id, identity.kind, identity.normalized, identity.value)


@dataclass(frozen=True)
class RemoveIdentity(SeenMethod):
    """Remove a contact method; if it was the default, the next of its kind takes over."""


@dataclass(frozen=True)
class MakeDefault(SeenMethod):
    """Make a contact method the default of its kind."""


IdentityOp = AddIdentity | RemoveIdentity | MakeDefault


class DropReason(StrEnum):
    """Why a save left one of its operations out."""

    GONE = "gone"
    """No method of this contact has the id any more (removed, or moved to another contact)."""
    CHANGED = "changed"
    """The id now holds another method than the one the agent saw."""


@dataclass(frozen=True)
class DroppedOp:
    """An operation a save left out, and the sentence that tells the agent so."""

    op: RemoveIdentity | MakeDefault
    reason: DropReason
    message: str


@dataclass(frozen=True)
class SavedContact(ContactView):
    """The contact as a save left it, with the operations it dropped (``DroppedOp``): the
    rest of the save was applied, and the caller tells the agent what was not."""

    dropped: tuple[DroppedOp, ...] = ()


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that draw nothing: the Hangul fillers and the blank Braille pattern."""


def shows_anything(text: str) -> bool:
    """Whether ``text`` would show at all: a letter, digit, punctuation or symbol that draws
    something. Spaces, format characters (zero-width, bidi, soft hyphen, BOM), marks with
    nothing to sit on (variation selectors) and the blank glyphs do not, so a name made only
    of them is as empty as one made of spaces."""
    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_GLYPHS for ch in text)


def clean_fields(changes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate field edits: returns the typed values and a message per invalid field. Text
    that shows nothing is stored as nothing, as text of only spaces is."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in changes.items():
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            known = ", ".join(FIELD_BY_NAME)
            errors[name] = f"no such field (fields: {known})"
            continue
        if spec.kind == "bool":
            if isinstance(raw, bool):
                values[name] = raw
            elif str(raw).strip().casefold() in _TRUE | _FALSE:
                values[name] = str(raw).strip().casefold() in _TRUE
            else:
                errors[name] = "answer yes or no"
            continue
        text = str(raw).strip()
        if _has_control(text):
            errors[name] = "contains control characters"
        elif len(text) > spec.max_len:
            errors[name] = f"too long ({len(text)} characters, at most {spec.max_len})"
        elif not shows_anything(text):
            values[name] = ""
        elif spec.kind == "country":
            from ..errors import UnknownCountry  # noqa: PLC0415
            from .countries import resolve  # noqa: PLC0415 - its table loads on first use

            try:
                values[name] = resolve(text)
            except UnknownCountry as exc:
                errors[name] = str(exc)
        else:
            values[name] = text
    return values, errors


_REFERENCE = re.compile(r"([A-Z]+)-?([0-9]+)")


def contact_reference(typed: str) -> str:
    """A contact's reference as stored, however an agent typed it: in any case, with or without
    its ``C-`` prefix or its dash (``c-10000042``, ``C10000042`` and ``10000042`` all give
    ``C-10000042``), as the search's ``ref:`` reads it. Anything else comes back trimmed."""
    text = typed.strip().upper()
    if text.isascii() and text.isdigit():
        return "C-" + text
    match = _REFERENCE.fullmatch(text)
    return f"{match[1]}-{match[2]}" if match else text
