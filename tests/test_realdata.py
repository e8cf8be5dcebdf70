"""The shared real data: found from a clone anywhere, and never silently skipped under CI."""

from __future__ import annotations

import pytest

from .conftest import realdata


def test_the_variable_names_the_folder_first(monkeypatch, tmp_path):
    (tmp_path / "names_blns").mkdir()
    (tmp_path / "names_blns" / "blns.txt").write_text("x\n")
    monkeypatch.setenv("HELPDESK_TUI_REALDATA", str(tmp_path))
    assert realdata("names_blns/blns.txt") == tmp_path / "names_blns" / "blns.txt"


def test_missing_data_skips_on_a_developers_machine(monkeypatch, tmp_path):
    monkeypatch.setenv("HELPDESK_TUI_REALDATA", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"real data not found: .*nowhere\.txt"):
        realdata("nowhere.txt")


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_missing_data_fails_under_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setenv("HELPDESK_TUI_REALDATA", str(tmp_path))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"real data not found: .*nowhere\.txt"):
        realdata("nowhere.txt")
