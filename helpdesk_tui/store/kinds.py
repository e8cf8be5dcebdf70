"""The kinds of contact method: one definition for the store, the search path and the forms.

Kept apart from ``identities`` (validation needs ``ipaddress``, ``unicodedata`` and several
regular expressions) so that a whole-process search imports only these names.
"""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "sms",
    "whatsapp",
    "twitter",
    "facebook",
    "wechat",
    "other",
)
PHONE_KINDS = frozenset({"phone", "sms", "whatsapp"})
"""Kinds that hold a phone number (validated, stored E.164, found by digits)."""
