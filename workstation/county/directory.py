"""The county's 法律服务指引名录: the legal service providers of all its stations, one entry
per provider name, as the county receiver hands it to stations (``GET /v1/directory``).

Built from ``rec_referral_provider`` (what the stations synced): for each name, the copy the
station changed last (its ``updated_at``; ties: the one imported last) wins, voided copies are
left out. Each entry carries exactly the fields a station's directory holds
(``domain.referral.ProviderInput``), so a station merges it by name as it merges a CSV file
(``services.providers.import_directory``); ``active`` travels too, so a provider retired at
one station is retired at the others when that copy is the newest.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from sqlalchemy import select

from workstation.domain.referral import ProviderInput

from .db import RECORDS, CountyDatabase
from .service import now_iso

FORMAT = "workstation-provider-directory"
VERSION = 1
#: The fields of one entry (a station's directory row), declared once in the domain.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProviderInput))


def provider_directory(db: CountyDatabase) -> dict[str, Any]:
    """``{"format", "version", "generated_at", "providers": [...]}``, providers ordered by
    kind then name."""
    table = RECORDS["referral_provider"]
    best: dict[str, tuple[tuple[str, str], dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for text, imported_at in conn.execute(select(table.c.data, table.c.imported_at)):
            data = json.loads(text)
            name = str(data.get("name") or "").strip()
            if not name or data.get("voided_at"):
                continue
            rank = (str(data.get("updated_at") or ""), str(imported_at or ""))
            held = best.get(name)
            if held is None or rank > held[0]:
                best[name] = (rank, data)
    providers = []
    for _rank, data in best.values():
        entry: dict[str, Any] = {f: data.get(f, "") or "" for f in FIELDS}
        entry["active"] = bool(data.get("active", True))
        entry["updated_at"] = data.get("updated_at")
        providers.append(entry)
    providers.sort(key=lambda p: (p["kind"], p["name"]))
    return {"format": FORMAT, "version": VERSION, "generated_at": now_iso(),
            "providers": providers}
