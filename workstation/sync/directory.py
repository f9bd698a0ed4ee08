"""The county's 服务指引 directory fetched online (``GET /v1/directory``) and merged into the
station's (``providers update``, 服务指引 → 从县级中心更新). No Qt.

The address and the pinned certificate are the online upload settings (同步 → 在线上传); the
request is signed with the station key like an upload. The merge is the one a CSV file gets
(``services.providers``): by name, all or nothing, nobody removed; ``preview`` says how many
entries would be added or changed so that a person can be asked before existing entries
change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workstation.services.context import Actor
from workstation.services.providers import ImportResult, import_directory, preview_directory
from workstation.storage.engine import Database
from workstation.storage.models import Station

from . import keys
from . import station as sync
from .client import CountyClient, normalise_url
from .errors import SyncError
from .uploader import ClientFactory, load_state

LABEL = "县级中心名录"


def fetch(db: Database, url: str | None = None, *,
          client_factory: ClientFactory = CountyClient) -> dict[str, Any]:
    """The county's directory (parsed JSON, not yet checked). ``url`` overrides the saved
    address (the saved certificate pin applies to the saved address only)."""
    state = load_state(db)
    address = url or state.url
    if not address:
        raise SyncError("尚未设置县级中心地址（同步 → 在线上传，或 sync set-upload --url）")
    try:
        address = normalise_url(address)
    except ValueError as exc:
        raise SyncError(str(exc)) from exc
    pin = state.pin_sha256 if address == state.url else ""
    signer = keys.load_signing_private(sync.ensure_state(db).station_private_key)
    with db.read() as session:
        division_code = session.scalars(select(Station.division_code)).one()
    with client_factory(address, division_code=division_code, signer=signer,
                        pin_sha256=pin) as client:
        return client.fetch_directory()


def preview(db: Database, actor: Actor, data: dict[str, Any]) -> ImportResult:
    """How many entries the merge would add, change and leave (nothing written)."""
    return preview_directory(db, actor, data, LABEL)


def apply(db: Database, actor: Actor, data: dict[str, Any]) -> ImportResult:
    """Merge the fetched directory (one transaction, audited ``import``)."""
    return import_directory(db, actor, data, LABEL)


def update(db: Database, actor: Actor, url: str | None = None, *,
           client_factory: ClientFactory = CountyClient) -> ImportResult:
    """Fetch and merge at once (the command line)."""
    return apply(db, actor, fetch(db, url, client_factory=client_factory))
