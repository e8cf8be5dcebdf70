"""Validation and normalisation of a contact's identities (email, phone numbers, handles).

The normalized value is what makes two identities "the same" ((kind, normalized value) is unique
across live contacts), so it must be stable: normalizing a normalized value returns it unchanged.
The value as typed is kept for display, so an agent sees what was entered.

Headless core: only the standard library at module level. ``phonenumbers`` costs ~30 ms to import
and ``email_validator`` (with ``idna`` and ``dnspython``) about as much, so each is imported inside
the functions that need it and the search path never pays for them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from contextlib import suppress
from typing import TYPE_CHECKING

from ..kinds import KINDS, PHONE_KINDS

if TYPE_CHECKING:
    from phonenumbers import NumberParseException


class InvalidIdentity(ValueError):
    """An identity value that cannot be stored.

    The message is shown to a helpdesk agent next to the field, so it must be clear and short,
    e.g. 'not an email address: missing @' or 'not a valid phone number for GB'.
    """


_LABELS = {
    "email": "email address",
    "phone": "phone number",
    "sms": "SMS number",
    "whatsapp": "WhatsApp number",
    "twitter": "Twitter handle",
    "facebook": "Facebook name",
    "wechat": "WeChat ID",
    "other": "value",
}

# Invisible characters that arrive with pasted text (soft hyphen, zero-width and bidi controls).
# They are dropped everywhere: an identity has no use for them and they would make two identical
# looking values differ.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff",
    )
)

_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_LOCALE_TERRITORY = re.compile(r"[A-Za-z]{2,3}_([A-Za-z]{2})(?![A-Za-z0-9])")
_TWITTER = re.compile(r"[A-Za-z0-9_]+")
_TWITTER_URL = re.compile(
    r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([^/?#]+)/?(?:[?#].*)?", re.IGNORECASE
)
_FACEBOOK_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook|fb)\.com/([^/?#]+)/?(\?[^#]*)?(?:#.*)?",
    re.IGNORECASE,
)
_FACEBOOK_ID = re.compile(r"[?&]id=(\d+)")


def default_region() -> str:
    """Region (ISO 3166 alpha-2, upper case) used to read phone numbers typed without +country code.

    Agents type local numbers the way their own country writes them, so the region follows the
    HELPDESK_TUI_REGION variable when it names a known region, else the territory of the locale
    in effect (LC_ALL, LC_CTYPE, LANG: en_GB.UTF-8 -> GB), else 'US'.
    """
    from phonenumbers import SUPPORTED_REGIONS  # noqa: PLC0415 - see _normalize_phone

    region = os.environ.get("HELPDESK_TUI_REGION", "").strip().upper()
    if region in SUPPORTED_REGIONS:
        return region
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if locale := os.environ.get(name):
            match = _LOCALE_TERRITORY.match(locale)
            territory = match.group(1).upper() if match else ""
            return territory if territory in SUPPORTED_REGIONS else "US"
    return "US"


def normalize(kind: str, value: str, region: str | None = None) -> tuple[str, str]:
    """Return (value as the agent typed it, cleaned of surrounding whitespace/invisible chars;
    normalized value).

    The normalized value decides whether two contacts share an identity, so anything unusable is
    refused here, with InvalidIdentity and a message for the agent, rather than stored.
    """
    if kind not in _LABELS:
        raise InvalidIdentity(
            f"unknown kind of contact method {kind!r} (kinds: {', '.join(KINDS)})"
        )
    typed = value.translate(_INVISIBLE).strip()
    if not typed:
        raise InvalidIdentity(f"{_LABELS[kind]} is empty")
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in typed):
        raise InvalidIdentity(f"{_LABELS[kind]} contains a control character")
    if kind == "email":
        return typed, _normalize_email(typed)
    if kind in PHONE_KINDS:
        return typed, _normalize_phone(typed, region)
    if kind == "other":
        return typed, typed.casefold()
    return typed, _normalize_handle(kind, typed)


# --- email -------------------------------------------------------------------------------------

# email-validator explains a refusal only in English sentences (it has no error codes), written
# for developers ("The part after the @-sign contains invalid characters: '_'."). These rewrite
# the ones agents meet into the short phrases they see next to the field; the version is pinned
# and tests/test_identities.py checks each rewrite, so a changed sentence is caught, and one no
# rewrite matches still reads plainly (``_plain``).
_EMAIL_REASONS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"An email address must have an @-sign\.", "missing @"),
        (r"There must be something before the @-sign\.", "nothing before @"),
        (r"There must be something after the @-sign\.", "nothing after @"),
        (r"The part after the @-sign contains invalid characters: '@'\.", "more than one @"),
        (r".*invalid characters.*'\('.*", "remove the (comment)"),
        (r".*invalid characters.*: SPACE\.", "contains a space"),
        (
            r"The email address contains invalid characters before the @-sign: (.*)\.",
            r"\1 not allowed before @",
        ),
        (
            r"The part after the @-sign contains invalid characters: (.*)\.",
            r"\1 not allowed after @",
        ),
        (r"An email address cannot (.*)\.", r"it cannot \1"),
        (r".*It should have a period\.", "the domain needs a dot, e.g. example.com"),
        (
            r".*It is not within a valid top-level domain\.",
            "no such top-level domain after the last dot",
        ),
        (r".*special-use or reserved name.*", "that domain is reserved and never receives mail"),
        (r".*not valid IDNA.*", "not a valid international domain"),
        (r".*(?:address|tag) in brackets.*", "not an IP address inside [ ]"),
        (
            r"After the @-sign, periods cannot be separated by so many characters \((.*)\)\.",
            r"a part of the domain is too long (max 63 characters between dots: \1)",
        ),
        (
            r"The email address is too long (before|after) the @-sign \((.*)\)\.",
            r"the part \1 @ is too long (\2)",
        ),
        (r"The email address is too long \((.*)\)\.", r"too long (max 254 characters: \1)"),
    )
)


def _bad_email(problem: str) -> InvalidIdentity:
    return InvalidIdentity(f"not an email address: {problem}")


def _plain(reason: str) -> str:
    """email-validator's reason for a refusal, as a phrase for the agent."""
    for pattern, replacement in _EMAIL_REASONS:
        if pattern.fullmatch(reason):
            reason = pattern.sub(replacement, reason)
            break
    plain = reason.removesuffix(".").replace("@-sign", "@").replace("period", "dot")
    plain = plain.replace("SPACE", "a space")
    return plain[:1].lower() + plain[1:]


def _normalize_email(text: str) -> str:
    """Check the address with email-validator (syntax only: no DNS look-up, which would make a
    save wait on the network) and return it with the domain lower-cased and the local part
    exactly as typed: some mail servers tell ``John`` from ``john``.

    A domain typed in ASCII keeps its ASCII form (``xn--`` labels included), one typed in
    Unicode gets the library's normalized Unicode form (UTS #46: lower case, NFC, full-width
    letters made plain), as the identities already stored were normalized.
    Quoted local parts and address literals (``a@[192.0.2.1]``) are valid and kept; a display
    name, a comment, a single-label domain (``john@gmail``, nearly always a slip) and a reserved
    domain (``.test``, ``.invalid``, ``localhost``) are refused; ``.local`` is not (see below).
    """
    from email_validator import (  # noqa: PLC0415 - the search path must not pay for it
        SPECIAL_USE_DOMAIN_NAMES,
        EmailNotValidError,
        validate_email,
    )

    # Companies' own mail often lives under an Active Directory ``.local`` domain: an agent
    # must be able to record it. The library documents this list as the caller's to change.
    with suppress(ValueError):
        SPECIAL_USE_DOMAIN_NAMES.remove("local")
    address = _MAILTO.sub("", text, count=1)
    if address.startswith("<") and address.endswith(">"):
        address = _MAILTO.sub("", address[1:-1].strip(), count=1)
    if address.endswith(">") and "<" in address:
        raise _bad_email("enter only the address, without the name")
    try:
        checked = validate_email(
            address,
            check_deliverability=False,
            allow_quoted_local=True,
            allow_domain_literal=True,
            strict=True,
        )
    except EmailNotValidError as error:
        raise _bad_email(_plain(str(error))) from None
    local, _, typed_domain = checked.original.rpartition("@")
    domain = checked.ascii_domain if typed_domain.isascii() else checked.domain
    return f"{local}@{domain}"


# --- phone -------------------------------------------------------------------------------------


def _normalize_phone(text: str, region: str | None) -> str:
    import phonenumbers  # noqa: PLC0415 - ~30 ms to import; the search path must not pay it

    region = (region or default_region()).strip().upper()
    known = region in phonenumbers.SUPPORTED_REGIONS
    try:
        number = phonenumbers.parse(text, region if known else None, keep_raw_input=True)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentity(_parse_problem(exc, region if known else "")) from None
    if not phonenumbers.is_valid_number(number):
        if number.country_code_source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
            raise InvalidIdentity(f"not a valid phone number for {region} (add +country code?)")
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
        if where in ("001", phonenumbers.UNKNOWN_REGION):
            where = f"+{number.country_code}"
        raise InvalidIdentity(f"not a valid phone number for {where}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        extension = "".join(str(unicodedata.digit(ch)) for ch in number.extension)
        e164 += f";ext={extension}"
    return e164


def _parse_problem(exc: NumberParseException, region: str) -> str:
    problem = {
        exc.NOT_A_NUMBER: "not a phone number",
        exc.TOO_SHORT_AFTER_IDD: "not a valid phone number: too short",
        exc.TOO_SHORT_NSN: "not a valid phone number: too short",
        exc.TOO_LONG: "not a valid phone number: too long",
    }.get(exc.error_type)
    if problem:
        return problem
    if region:
        return "not a valid phone number: unknown country code"
    return "not a valid phone number: add +country code"


# --- handles -----------------------------------------------------------------------------------


def _normalize_handle(kind: str, text: str) -> str:
    if kind == "twitter" and (match := _TWITTER_URL.fullmatch(text)):
        text = match.group(1)
    elif kind == "facebook" and (match := _FACEBOOK_URL.fullmatch(text)):
        name, profile_id = match.group(1), _FACEBOOK_ID.search(match.group(2) or "")
        text = profile_id.group(1) if name == "profile.php" and profile_id else name
    handle = text.removeprefix("@")
    if not handle:
        raise InvalidIdentity(f"{_LABELS[kind]} is empty")
    if kind == "twitter":
        if any(ch.isspace() for ch in handle):
            raise InvalidIdentity("a Twitter handle has no spaces")
        if not _TWITTER.fullmatch(handle):
            raise InvalidIdentity("a Twitter handle has only letters, digits and _")
        if len(handle) > 15:
            raise InvalidIdentity("a Twitter handle is at most 15 characters")
    return handle.casefold()
