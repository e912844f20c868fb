"""Cross-tenant cases for editing a draft's items."""

from __future__ import annotations

from tests import factories

from . import case


@case("checklists.edit_item")
def _edit_item(world):
    draft = factories.create_checklist(world.b.institution, publish=False)
    return {"item_id": factories.items_of(world.b.institution, draft)[0].id}
