"""A stored document becomes the record the model's own constructor would make, whether it
holds every field or leaves some out."""

from datetime import UTC, date, datetime

import pytest

from store.models import Action, Milestone, Risk

STAMP = "2026-11-20T08:00:00+00:00"


def test_a_full_document_is_the_record_its_fields_make() -> None:
    action = Action(id=7, title="Call vendor", due=date(2026, 12, 4), tags=["po"], rev=2)
    assert Action.from_doc(action.to_doc(), 7) == action
    risk = Risk(id=3, title="Late parts", probability=4, impact=5, history=[{"at": STAMP}])
    doc = risk.to_doc()
    decoded = Risk.from_doc(doc, 3)
    assert decoded == risk
    decoded.history[0]["at"] = "changed"
    assert doc["history"] == [{"at": STAMP}]  # the stored document's lists are not shared


def test_a_document_that_leaves_fields_out_gets_the_defaults() -> None:
    doc = {"title": "Ship", "forecast": "2026-12-10", "created": STAMP, "updated": STAMP}
    first, second = Milestone.from_doc(doc, 1), Milestone.from_doc(doc, 2)
    assert first.status == "open" and first.baseline == date(2026, 12, 10)  # __post_init__
    assert first.created == datetime(2026, 11, 20, 8, tzinfo=UTC)
    first.moves.append({"to": "2026-12-11"})
    assert second.moves == []  # each record its own default list
    assert Action.from_doc({"title": "x", "tags": []}, 5).status == "todo"


def test_a_document_without_a_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="Action document 9 lacks title"):
        Action.from_doc({"status": "todo"}, 9)
