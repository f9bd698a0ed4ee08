"""Lists and what the screens load show ID numbers masked; only the audited full-number
service returns the number itself."""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace

from workstation.domain.identity import mask_id_number
from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.listing import KINDS, ListQuery, fetch_rows
from workstation.services.person_history import full_id_number, person_history
from workstation.services.persons import find_persons
from workstation.services.queries import list_records
from workstation.services.records import load_case, load_consultation, load_referral
from workstation.services.search import search
from workstation.storage.engine import Database


def test_no_list_or_loaded_record_holds_a_full_id_number(db: Database, actor: Actor,
                                                         make: SimpleNamespace, sql) -> None:
    cid = register_consultation(db, actor, make.consultation(make.person(1, "张三")))
    case_id = mediation.open_case(db, actor, make.case())
    rid = aid.create_referral(db, actor, make.referral(make.person(1, "张三")))
    number = make.resident_id(1)
    masked = mask_id_number(number)
    [zhang] = find_persons(db, "张三")

    shown: list[str] = []
    for kind in KINDS:
        shown += [repr(r) for r in fetch_rows(db, ListQuery(kind=kind), 0, 100)]
        shown += [repr(r) for r in list_records(db, kind)]
    shown += [repr(h) for h in search(db, "张三")]
    shown += [repr(h) for h in search(db, number[-4:])]
    shown += [repr(find_persons(db, number))]
    shown += [repr(person_history(db, zhang.id))]
    shown += [repr(asdict(d)) for d in (load_consultation(db, cid), load_case(db, case_id),
                                        load_referral(db, rid))]
    text = "\n".join(shown)
    assert number not in text
    assert masked in text

    assert sql.count("audit_entry", "action = 'view_id_number'") == 0
    assert full_id_number(db, actor, zhang.id) == number
    assert sql.count("audit_entry", "action = 'view_id_number'") == 1
