"""Countries: pycountry's list, typed as a code or an English name, stored as the code."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pycountry
import pytest

from helpdesk_tui.store.contacts import countries
from helpdesk_tui.store.errors import UnknownCountry


def test_the_table_is_pycountrys():
    assert countries.database_path() == Path(pycountry.DATABASE_DIR) / "iso3166-1.json"
    expected = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    assert {code: countries.name(code) for code in countries.codes()} == expected
    assert len(expected) > 240


def test_every_name_and_code_leads_back_to_its_own_country():
    for country in pycountry.countries:
        typed = [country.alpha_2, country.alpha_3, country.name]
        typed += [getattr(country, f, None) for f in ("common_name", "official_name")]
        for text in filter(None, typed):
            assert countries.resolve(text) == country.alpha_2, text
            assert countries.resolve(text.upper()) == country.alpha_2, text
            assert countries.resolve(f"  {text.lower()} ") == country.alpha_2, text


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("IE", "IE"),
        ("ie", "IE"),
        ("Ireland", "IE"),
        ("IRELAND", "IE"),
        ("irl", "IE"),
        ("germany", "DE"),
        ("United Kingdom", "GB"),
        ("united kingdom of great britain and northern ireland", "GB"),
        ("USA", "US"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("korea republic of", "KR"),
        ("the Netherlands", "NL"),
        ("Cote d'Ivoire", "CI"),
        ("CÔTE D\u2019IVOIRE", "CI"),
        ("aland islands", "AX"),
        ("Türkiye", "TR"),
        ("turkiye", "TR"),
    ],
)
def test_resolve_reads_codes_and_names_whatever_the_case_accents_and_punctuation(typed, code):
    assert countries.resolve(typed) == code


def test_an_unknown_country_is_refused_with_a_hint():
    with pytest.raises(UnknownCountry) as refused:
        countries.resolve("Narnia")
    assert str(refused.value) == (
        "not a country: 'Narnia' (type a country name or its two-letter code, e.g. IE or Ireland)"
    )
    assert refused.value.text == "Narnia"
    assert refused.value.field == "country", "the field it concerns, for a caller to mark"
    assert refused.value.suggestions == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Germny", [("DE", "Germany")]),
        ("Untied Kingdom", [("GB", "United Kingdom")]),
        ("irland", [("IE", "Ireland"), ("IR", "Iran")]),
        ("Korea", [("KP", "North Korea"), ("KR", "South Korea")]),
        ("Turkey", [("TR", "Türkiye")]),
        ("phillipines", [("PH", "Philippines")]),
    ],
)
def test_a_misspelt_country_is_refused_naming_the_likely_ones(typed, meant):
    with pytest.raises(UnknownCountry) as refused:
        countries.resolve(typed)
    assert refused.value.suggestions == meant
    names = " or ".join(name for _, name in meant)
    assert f"did you mean {names}?" in str(refused.value)


def test_what_the_list_lacks_is_refused_without_a_guess():
    """'UK' is no ISO code (GB is) and the list has no 'England': no guess rather than a bad one."""
    for typed in ("UK", "England", "Deutschland", "Holland"):
        with pytest.raises(UnknownCountry) as refused:
            countries.resolve(typed)
        assert refused.value.suggestions == [], typed
    with pytest.raises(UnknownCountry):
        countries.resolve("")


def test_name_shows_a_code_by_its_english_name_and_other_text_as_it_is():
    assert countries.name("DE") == "Germany"
    assert countries.name("KR") == "South Korea"
    assert countries.name("BO") == "Bolivia"
    assert countries.name("Narnia") == "Narnia"
    assert countries.is_code("DE") and not countries.is_code("de")


@pytest.mark.parametrize(
    ("fragment", "first"),
    [
        ("ger", ("DE", "Germany")),
        ("ie", ("IE", "Ireland")),
        ("IRL", ("IE", "Ireland")),
        ("iran", ("IR", "Iran")),
        ("kingdom", ("GB", "United Kingdom")),
        ("côte", ("CI", "Côte d'Ivoire")),
        ("germny", ("DE", "Germany")),
        ("swit", ("CH", "Switzerland")),
    ],
)
def test_suggest_completes_a_fragment_best_first(fragment, first):
    assert countries.suggest(fragment)[0] == first


def test_suggest_offers_the_names_countries_go_by_first_and_keeps_to_the_limit():
    united = countries.suggest("united", 4)
    assert united == [
        ("AE", "United Arab Emirates"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("UM", "United States Minor Outlying Islands"),
    ]
    assert len(countries.suggest("a", 5)) == 5
    assert countries.suggest("") == countries.suggest("  ") == []
    assert countries.suggest("zzqx") == []


def test_suggest_is_fast_enough_to_run_on_every_keystroke():
    countries.suggest("ger")
    started = time.perf_counter()
    for fragment in ("g", "ge", "ger", "germ", "germn", "germny", "united k", "narnia"):
        for _ in range(25):
            countries.suggest(fragment)
    per_call = (time.perf_counter() - started) / 200
    assert per_call < 0.005


def test_countries_load_without_importing_pycountry():
    """pycountry's own import costs about 50 ms; reading its table does not need it."""
    code = (
        "import sys\n"
        "from helpdesk_tui.store.contacts import countries\n"
        "assert countries.resolve('Germany') == 'DE'\n"
        "assert countries.suggest('irl')[0] == ('IE', 'Ireland')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pycountry', 'sqlalchemy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
