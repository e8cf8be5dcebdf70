"""Validation and normalisation of a contact's identities (email, phone numbers, handles).

The normalized value is what makes two identities "the same" ((kind, normalized value) is unique
across live contacts), so it must be stable: normalizing a normalized value returns it unchanged.
The value as typed is kept for display, so an agent sees what was entered.

Headless core: only the standard library at module level. ``phonenumbers`` costs ~30 ms to import,
so it is imported inside the phone functions and the search path never pays for it.
"""

from __future__ import annotations

import ipaddress
import os
import re
import string
import unicodedata
from typing import TYPE_CHECKING

from .kinds import KINDS, PHONE_KINDS

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

_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~")
_LDH = frozenset(string.ascii_lowercase + string.digits + "-")
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


def _bad_email(problem: str) -> InvalidIdentity:
    return InvalidIdentity(f"not an email address: {problem}")


def _char_problem(ch: str, where: str) -> str:
    if ch.isspace():
        return "contains a space"
    if ch in "()":
        return "remove the (comment)"
    shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
    return f"'{shown}' not allowed {where}"


def _is_word_char(ch: str) -> bool:
    """Non-ASCII letters, marks and digits: what internationalized addresses are written in."""
    return ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LMN"


def _normalize_email(text: str) -> str:
    address = _MAILTO.sub("", text, count=1)
    if address.startswith("<") and address.endswith(">"):
        address = _MAILTO.sub("", address[1:-1].strip(), count=1)
    if address.endswith(">") and "<" in address:
        raise _bad_email("enter only the address, without the name")
    local, domain = _split_address(address)
    _check_local_part(local)
    domain, ascii_domain = _normalize_domain(domain)
    if len(local.encode()) + 1 + len(ascii_domain) > 254:
        raise _bad_email("too long (max 254 characters)")
    return f"{local}@{domain}"


def _split_address(address: str) -> tuple[str, str]:
    if address.startswith('"'):
        end = _closing_quote(address)
        local, rest = address[: end + 1], address[end + 1 :]
        if not rest.startswith("@"):
            raise _bad_email("text after the closing quote" if rest else "missing @")
        domain = rest[1:]
    else:
        local, at, domain = address.partition("@")
        if not at:
            raise _bad_email("missing @")
    if "@" in domain:
        raise _bad_email("more than one @")
    if local in ("", '""'):
        raise _bad_email("nothing before @")
    if not domain:
        raise _bad_email("nothing after @")
    return local, domain


def _closing_quote(address: str) -> int:
    """Index of the quote that ends the quoted local part (RFC 5321 Quoted-string)."""
    i = 1
    while i < len(address):
        ch = address[i]
        if ch == '"':
            return i
        if ch == "\\":
            if i + 1 == len(address) or not " " <= address[i + 1] <= "~":
                raise _bad_email("'\\' inside quotes must escape a character")
            i += 2
            continue
        if not ch.isprintable():
            raise _bad_email(_char_problem(ch, "inside quotes"))
        i += 1
    raise _bad_email("unclosed quote")


def _check_local_part(local: str) -> None:
    if not local.startswith('"'):
        if local.startswith(".") or local.endswith(".") or ".." in local:
            raise _bad_email("misplaced dot before @")
        for ch in local:
            if ch != "." and ch not in _ATEXT and not _is_word_char(ch):
                raise _bad_email(_char_problem(ch, "before @"))
    if len(local.encode()) > 64:
        raise _bad_email("part before @ is too long (max 64 characters)")


def _normalize_domain(domain: str) -> tuple[str, str]:
    """Return (normalized domain, its ASCII form for length limits).

    Single-label domains (``admin@mailserver1``, ``postbox@com``) are valid by the RFCs but in a
    helpdesk they are nearly always a slip (``john@gmail``), and a reply to one would not arrive,
    so they are refused.
    """
    if domain.startswith("["):
        return (literal := _address_literal(domain)), literal
    domain = unicodedata.normalize("NFC", unicodedata.normalize("NFC", domain).lower())
    if domain.startswith(".") or domain.endswith(".") or ".." in domain:
        raise _bad_email("misplaced dot after @")
    for ch in domain:
        if ch != "." and ch not in _LDH and not _is_word_char(ch):
            raise _bad_email(_char_problem(ch, "after @"))
    labels = domain.split(".")
    if len(labels) == 1:
        raise _bad_email("the domain needs a dot, e.g. example.com")
    ascii_labels = [_ascii_label(label) for label in labels]
    ascii_domain = ".".join(ascii_labels)
    if any(len(label) > 63 for label in ascii_labels) or len(ascii_domain) > 253:
        raise _bad_email("domain is too long")
    return domain, ascii_domain


def _ascii_label(label: str) -> str:
    """The label as it travels in DNS (punycode for IDN), checked on the way."""
    if label.startswith("-") or label.endswith("-"):
        raise _bad_email("a part of the domain starts or ends with '-'")
    if not label.isascii():
        return "xn--" + label.encode("punycode").decode("ascii")
    if label.startswith("xn--"):
        try:
            decoded = label[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            decoded = ""
        if (
            decoded.isascii()
            or not all(_is_word_char(ch) or ch in _LDH for ch in decoded)
            or decoded != unicodedata.normalize("NFC", decoded.lower())
        ):
            raise _bad_email(f"'{label}' is not a valid international domain")
    return label


def _address_literal(domain: str) -> str:
    if not domain.endswith("]"):
        raise _bad_email("missing ']' after the IP address")
    inner = domain[1:-1]
    try:
        if inner[:5].casefold() == "ipv6:" and "%" not in inner:
            return f"[IPv6:{ipaddress.IPv6Address(inner[5:]).compressed}]"
        return f"[{ipaddress.IPv4Address(inner)}]"
    except ValueError:
        raise _bad_email("not an IP address inside [ ]") from None


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
        where = phonenumbers.region_code_for_country_code(number.country_code)
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
