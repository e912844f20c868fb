"""Stable element ids in the blueprint document: kept by editing, given to old documents."""

from __future__ import annotations

from careercenter.plans.content import PlanDocument
from careercenter.plans.editing import apply_list_op

from ..plans.helpers import typical_content


def test_a_stored_document_without_ids_gets_them_by_position_every_time():
    raw = typical_content().to_json()
    for kind in ("insiders", "goals", "obstacles"):
        for item in raw[kind]:
            item.pop("id")
    first, second = PlanDocument.from_json(raw), PlanDocument.from_json(raw)
    assert [g.id for g in first.goals] == ["g1", "g2", "g3"]
    assert [i.id for i in first.insiders] == ["i1", "i2"]
    assert [o.id for o in first.obstacles] == ["o1", "o2"]
    assert first == second


def test_reordering_adding_and_removing_keep_the_other_ids():
    doc = typical_content()
    ids = [g.id for g in doc.goals]
    doc, _ = apply_list_op(doc, "down:goals:0")
    assert [g.id for g in doc.goals] == [ids[1], ids[0], ids[2]]
    doc, _ = apply_list_op(doc, "add:goals")
    new = doc.goals[-1].id
    assert new and new not in ids
    doc, _ = apply_list_op(doc, "remove:goals:2")  # ids[2]
    assert [g.id for g in doc.goals] == [ids[1], ids[0], new]
    again = PlanDocument.from_json(doc.to_json())
    assert [g.id for g in again.goals] == [ids[1], ids[0], new]


def test_a_removed_entry_id_is_never_reused():
    doc = typical_content()
    last = doc.goals[-1].id
    doc, _ = apply_list_op(doc, "remove:goals:2")
    doc, _ = apply_list_op(doc, "add:goals")
    assert doc.goals[-1].id != last


def test_duplicate_or_malformed_posted_ids_are_replaced():
    raw = typical_content().to_json()
    raw["goals"][1]["id"] = raw["goals"][0]["id"]
    raw["goals"][2]["id"] = "<script>"
    doc = PlanDocument.from_json(raw)
    ids = [g.id for g in doc.goals]
    assert ids[0] == raw["goals"][0]["id"]
    assert len(set(ids)) == 3 and all(i.startswith("g") and i.isalnum() for i in ids)
