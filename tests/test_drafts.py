"""Drafts of unsaved edits: private, whole, ordered on disk; kept as the agent edits, deleted on
save or discard; offered on reopening and restored as pending edits of the version they were
made on, so a save over someone else's still meets the conflict dialog."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpdesk_tui.config import data_dir
from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.restore_draft import RestoreDraftScreen
from helpdesk_tui.store.contacts.drafts import Draft, DraftBox
from helpdesk_tui.store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact

from .conftest import make_app, settle

URL = "sqlite:////srv/helpdesk/helpdesk.db"


def _draft(**changes: str) -> Draft:
    return Draft("C-10000001", 3, changes or {"city": "Paris"})


def test_a_draft_reads_back_as_written(tmp_path: Path):
    box = DraftBox(URL, tmp_path / "drafts")
    draft = Draft(
        "C-10000001",
        7,
        {"first_name": "Zoë", "city": "Köln"},
        (
            AddIdentity("email", "z@example.com", True),
            RemoveIdentity(4, "email", "old@example.com", "Old@example.com"),
            MakeDefault(5, "phone", "+442079460000", "020 7946 0000"),
        ),
        "New Co",
        datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
    )
    box.keep(draft, box.stamp())
    assert box.find("C-10000001") == draft
    assert box.find("C-10000002") is None


def test_drafts_are_private_whatever_the_umask(tmp_path: Path):
    folder = tmp_path / "drafts"
    box = DraftBox(URL, folder)
    old = os.umask(0)
    try:
        box.keep(_draft(), box.stamp())
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(box.path("C-10000001").stat().st_mode) == 0o600
    folder.chmod(0o755)
    box.keep(_draft(), box.stamp())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_write_is_whole_or_not_at_all(tmp_path: Path, monkeypatch):
    box = DraftBox(URL, tmp_path / "drafts")
    box.keep(_draft(city="Paris"), box.stamp())

    def power_cut(*_args):
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        box.keep(_draft(city="Lyon"), box.stamp())
    assert box.find("C-10000001").changes == {"city": "Paris"}
    assert os.listdir(tmp_path / "drafts") == [box.path("C-10000001").name]


def test_a_late_write_never_brings_back_a_dropped_draft(tmp_path: Path):
    """A worker that read the edits before a save finishes writing after it: dropped."""
    box = DraftBox(URL, tmp_path / "drafts")
    before_save = box.stamp()
    box.drop("C-10000001", box.stamp())
    box.keep(_draft(), before_save)
    assert box.find("C-10000001") is None
    newer = box.stamp()
    box.keep(_draft(city="Lyon"), newer)
    box.keep(_draft(city="Paris"), newer - 1)
    assert box.find("C-10000001").changes == {"city": "Lyon"}


def test_a_draft_belongs_to_its_database_and_a_damaged_one_is_not_offered(tmp_path: Path):
    box = DraftBox(URL, tmp_path / "drafts")
    box.keep(_draft(), box.stamp())
    assert DraftBox("sqlite:////srv/other.db", tmp_path / "drafts").find("C-10000001") is None
    box.path("C-10000001").write_text('{"format": 1, "url": "' + URL + '", "changes": ')
    assert box.find("C-10000001") is None
    foreign = {
        "format": 1,
        "url": URL,
        "reference": "C-10000001",
        "version": 1,
        "changes": {"password": "x"},
        "ops": [],
        "new_company": None,
        "saved_at": "2026-03-02T12:00:00+00:00",
    }
    box.path("C-10000001").write_text(json.dumps(foreign))
    assert box.find("C-10000001") is None, "a field the form does not have"


@pytest.fixture
def ann(db) -> str:
    return create_contact(
        db, first_name="Ann", last_name="Lee", identities=[("email", "ann@example.com")]
    ).reference


def _box(db) -> DraftBox:
    return DraftBox(db.url, data_dir() / "drafts")


async def _open(pilot, reference: str) -> None:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)


async def test_the_draft_follows_the_edits_and_goes_on_save(db, ann):
    box = _box(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        await pilot.press("e", "ctrl+u", *"Annie", "enter")
        await settle(pilot)
        assert box.find(ann).changes == {"first_name": "Annie"}, "kept before any signal"
        await pilot.press("e", "ctrl+u", *"Ann", "enter")
        await settle(pilot)
        assert box.find(ann) is None, "no edit left, no draft"
        await pilot.press("e", "ctrl+u", *"Annie", "enter", "a", *"ann@home.example", "enter")
        await settle(pilot)
        assert len(box.find(ann).ops) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_contact(db, ann).contact.first_name == "Annie"
        assert box.find(ann) is None


@pytest.mark.parametrize("how", ["back", "quit"])
async def test_discarding_the_edits_deletes_the_draft(db, ann, how):
    box = _box(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        await pilot.press("e", "ctrl+u", *"Annie", "enter")
        await settle(pilot)
        assert box.find(ann) is not None
        await pilot.press("escape" if how == "back" else "ctrl+q", "y")
        await settle(pilot)
    assert box.find(ann) is None


async def test_a_draft_is_offered_and_can_be_discarded(db, ann):
    box = _box(db)
    box.keep(Draft(ann, 1, {"city": "Paris"}), box.stamp())
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        assert isinstance(app.screen, RestoreDraftScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert not app.screen.dirty
    assert box.find(ann) is None


async def test_a_draft_made_before_someone_else_saved_meets_the_conflict_dialog(db, ann):
    """Made on version 1; another agent saved version 2 since. Restored, the edit is pending
    again, and ctrl+s presents version 1: the conflict dialog, never a silent overwrite."""
    box = _box(db)
    box.keep(Draft(ann, 1, {"city": "Paris"}), box.stamp())
    update_contact(db, ann, 1, {"city": "Berlin"})
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        modal = app.screen
        assert isinstance(modal, RestoreDraftScreen)
        assert "Someone saved this contact since" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        assert screen.pending == {"city": "Paris"}
        assert screen.edits_version() == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
    contact = get_contact(db, ann).contact
    assert (contact.city, contact.version) == ("Berlin", 2)
    assert box.find(ann) is not None, "the edits are still unsaved"


async def test_a_hostile_draft_is_shown_literally(db, ann):
    """A draft is a file an agent could edit: its values are data, never markup or escapes."""
    box = _box(db)
    hostile = {
        "city": "[@click=app.quit]x[/]",
        "title": "evil\x1b]52;c;QUJD\x07name",
        "alias": "gnp\u202eexe.pdf",
    }
    box.keep(Draft(ann, 1, hostile, (AddIdentity("email", "[/]"),)), box.stamp())
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        assert isinstance(app.screen, RestoreDraftScreen)
        screens = [app.export_screenshot()]
        await pilot.press("r")
        await settle(pilot)
        screens.append(app.export_screenshot())
        assert app.is_running
        assert app.screen.pending["city"] == hostile["city"]
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
    literal = [svg.replace("&#160;", " ") for svg in screens]
    for svg in literal:
        assert "[@click=app.quit]x[/]" in svg and "evilname" in svg
        assert "gnp\u2039RLO\u203aexe.pdf" in svg
    assert "[/]" in literal[0].replace("[@click=app.quit]x[/]", "")
