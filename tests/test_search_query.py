"""Reading a query as agents type it: filter values with spaces, quotes, ``kind:`` (no database)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpdesk_tui.store.kinds import KINDS
from helpdesk_tui.store.search.query import FILTER_HELP, FILTERS, parse


def test_parse_splits_filters_from_free_text():
    query = parse("jo email:x@y.example company:Acme ref:C-1 pin:123456 phone:+44")
    assert query.text == "jo"
    assert query.filters == {
        "email": "x@y.example",
        "company": "Acme",
        "ref": "C-1",
        "pin": "123456",
        "phone": "+44",
    }


def test_reference_shaped_words_are_looked_up_as_references():
    query = parse("C-10000042 ann")
    assert (query.text, query.references) == ("ann", ("C-10000042",))
    assert parse("jd1984").references == ()


@pytest.mark.parametrize(
    ("raw", "phone", "text"),
    [
        ("phone:+44 7400 084175", "+44 7400 084175", ""),
        ("phone:356 18", "356 18", ""),
        ("phone:356 18 anna", "356 18", "anna"),
        ("phone:(020) 7946-0123 ref:C-1", "(020) 7946-0123", ""),
        ("phone: 0123 4567", "0123 4567", ""),
        ("phone:0123 C-10000042", "0123", ""),
    ],
)
def test_a_phone_runs_on_over_the_words_shaped_like_a_number(raw, phone, text):
    query = parse(raw)
    assert (query.filters["phone"], query.text) == (phone, text)


@pytest.mark.parametrize(
    ("raw", "company", "text", "quoted"),
    [
        ("company:koch media jon", "koch media jon", "", False),
        ("anna company:koch media email:x@y", "koch media", "anna", False),
        ('company:"koch media" jon', "koch media", "jon", True),
        ('company: "koch media" jon', "koch media", "jon", True),
        ('company:"koch me', "koch me", "", True),
    ],
)
def test_a_company_runs_on_to_the_next_filter_or_its_closing_quote(raw, company, text, quoted):
    query = parse(raw)
    assert (query.filters["company"], query.text) == (company, text)
    assert ("company" in query.quoted) is quoted


def test_a_quoted_email_ends_at_its_quote_and_a_quoted_word_is_no_filter():
    query = parse('email:"j.smith@example.com" "ref:" smith')
    assert query.filters == {"email": "j.smith@example.com"}
    assert query.text == "ref: smith"


def test_split_company_moves_the_words_after_the_company_to_the_free_text():
    query = parse("anna company:koch media jon C-10000042 pin:1234").split_company(2)
    assert query.filters["company"] == "koch media" and "company" in query.quoted
    assert (query.text, query.references) == ("anna jon", ("C-10000042",))


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("kind:whatsapp", "whatsapp"), ("kind:WhatsApp", "whatsapp"), ("kind:tw", "twitter")],
)
def test_kind_takes_a_kind_or_the_start_of_one(raw, kind):
    query = parse(raw)
    assert (query.kind, query.problem) == (kind, "")


def test_an_unknown_or_unfinished_kind_is_a_problem_naming_the_kinds():
    problem = parse("kind:fax anna").problem
    assert "fax" in problem and all(kind in problem for kind in KINDS)
    assert parse("kind:w").problem == "kind:w could be whatsapp or wechat"
    assert parse("kind:fax").kind == ""


def test_the_filter_help_lists_every_filter_with_an_example():
    assert [name for name, _, _ in FILTER_HELP] == [f"{name}:" for name in FILTERS]
    for name, _, examples in FILTER_HELP:
        assert name in examples
        assert all(parse(example).filters for example in examples.split("  "))


# --- invariants ----------------------------------------------------------------------------------

_SOUP = st.lists(
    st.sampled_from(
        [
            *"ab1 +\"':()-@.\t\u00a0é",
            "email:",
            "Phone:",
            "company:",
            "ref:",
            "pin:",
            "kind:",
            "C-12",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=1000)
@given(_SOUP)
@example('company:a "')  # a stray quote after a company's words
@example('company:a\t"email:"')  # a quoted word that reads as a filter, inside a company's
def test_a_written_out_query_reads_back_the_same(raw):
    query = parse(raw)
    again = parse(query.unparse())
    assert again._replace(raw="") == query._replace(raw="")


_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
_PHONE_WORD = st.from_regex(r"\+?[0-9]{1,4}|\([0-9]{2,3}\)|[0-9]{2,4}-[0-9]{2,4}", fullmatch=True)


@given(
    free=st.lists(_WORD, max_size=3),
    phone=st.lists(_PHONE_WORD, min_size=1, max_size=4),
    company=st.lists(_WORD, min_size=1, max_size=4),
    email=st.from_regex(r"[a-z.]{1,8}@[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True),
    ref=st.from_regex(r"C-[0-9]{1,8}", fullmatch=True),
    quote_company=st.booleans(),
    space_after_colon=st.booleans(),
)
def test_parse_never_loses_a_filter_value(
    free, phone, company, email, ref, quote_company, space_after_colon
):
    gap = " " if space_after_colon else ""
    value = " ".join(company)
    raw = " ".join(
        [
            *free,
            f"email:{gap}{email}",
            f"ref:{gap}{ref}",
            f"phone:{gap}{' '.join(phone)}",
            f'company:{gap}"{value}"' if quote_company else f"company:{gap}{value}",
        ]
    )
    query = parse(raw)
    assert query.filters == {
        "email": email,
        "ref": ref,
        "phone": " ".join(phone),
        "company": value,
    }
    assert query.text == " ".join(free)
