"""A citizen's data on request (个人信息查询): everything the station holds about a person,
as a PDF to print or hand over (PIPL art. 45), audited.

The ID number is masked unless the operator confirms the citizen is present and their ID
document was checked; then the full number is printed and that is audited as a view of it.
Any operator may make the report: citizens ask whoever is at the desk.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from workstation.storage.engine import Database
from workstation.storage.models import Person

from .context import Actor, NotFound, UnitOfWork
from .person_history import PersonHistory, person_history

if TYPE_CHECKING:
    from workstation.printing.render import RenderedDocument

REPORT_KEY = "personal_data_report"


def personal_data(db: Database, person_id: str) -> PersonHistory:
    """The person and every record naming them (voided ones marked), newest first."""
    return person_history(db, person_id)


def personal_data_report(db: Database, actor: Actor, person_id: str, *,
                         citizen_present: bool = False,
                         today: date | None = None) -> RenderedDocument:
    """The 个人信息查询结果 PDF of a person; audited as ``print`` (and ``view_id_number`` when
    the full number is printed for a citizen who is present)."""
    from workstation.printing.personal_data import render_personal_data_report

    from .stations import get_station

    history = person_history(db, person_id)
    full = ""
    if citizen_present and history.person.has_id:
        with db.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound("找不到该当事人")
            full = person.id_number or ""
    doc = render_personal_data_report(history, station=get_station(db), operator_name=actor.name,
                                      today=today, full_id_number=full)
    how = "本人到场已核验，完整证件号码" if full else "证件号码已隐藏"
    with UnitOfWork(db, actor) as uow:
        uow.audit("print", "person", person_id,
                  f"{REPORT_KEY} {how} 记录{len(history.items)}条 sha256={doc.sha256}")
        if full:
            uow.audit("view_id_number", "person", person_id, "个人信息查询结果（本人到场）")
        uow.commit()
    return doc
