"""The search index: one document per person and record, kept current in the writing transaction.

Tables (migration 0004):

* ``search_doc``: one row per person, consultation, mediation case and aid referral: title
  (number and names), body (free text), and what a result list shows (masked ID number, date,
  status). Its ``id`` is stable while the record exists: refreshes are upserts.
* ``search_fts``: FTS5 ``trigram`` index over ``search_doc(title, body, phones)`` (external
  content).
  Matches substrings of 3+ characters; returns nothing for 1-2 characters (see NOTES.md).
* ``search_term(term, doc_id)``: exact and prefix keys, searched by index range:
  ``g:`` every 1- and 2-character substring of a person's name or a party organisation's
  name (short Chinese names), ``k:`` each pinyin key of a person's name (``zs``,
  ``zhangsan``), ``i:`` a person's reversed ID number (suffix search becomes a prefix range),
  ``n:`` a record's serial number. Phone digits go to the FTS column ``phones``.
* ``search_link(person_doc, record_doc)``: the persons each record names (consultation
  person, mediation parties, aid applicant); a search expands a person it found by name,
  pinyin, ID number or phone to their records.

Document ids follow time: a rebuild numbers the documents by date (``sort_key``), and a
document added later gets the next id, so "newest first" is ``id DESC`` and a search reads only
its page of results from ``search_doc`` (a record entered today with an older date counts as
new until the next rebuild). A refresh keeps a document's id.

Every statement is set-based SQL shared by the per-commit refresh (a JSON list of ids) and the
full rebuild (no filter), so both produce the same rows.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from workstation.domain.identity import mask_id_number, normalize_id_number
from workstation.domain.pinyin import search_text

from .models import AidReferral, Consultation, MediationCase, MediationParty, Person

PERSON = "person"
CONSULTATION = "consultation"
MEDIATION = "mediation_case"
AID = "aid_referral"
RECORD_TYPES: tuple[str, ...] = (PERSON, CONSULTATION, MEDIATION, AID)

FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize='trigram', "
    "content='search_doc', content_rowid='id', columnsize=0)"
)

_INFO_KEY = "workstation_search_functions"
_PENDING = "workstation_search_pending"

# --- SQL functions ---------------------------------------------------------------------------


def _rev(value: str | None) -> str | None:
    return normalize_id_number(value)[::-1] if value else None


def _mask(value: str | None) -> str:
    return mask_id_number(value) if value else ""


def _keys_json(name: str | None, stored: str | None) -> str:
    keys = (stored or "").split() or search_text(name or "").split()
    return json.dumps(keys)


def _digits(value: str | None) -> str:
    """The runs of 3+ ASCII digits of a phone field, space-separated ("0335-1234567" gives
    "0335 1234567"; a number is searchable by any 3+ consecutive digits of it)."""
    runs = re.findall(r"[0-9]{3,}", unicodedata.normalize("NFKC", value or ""))
    return " ".join(runs)


def ensure_functions(connection: Connection) -> None:
    """Register the SQL functions the index statements use on this DBAPI connection (once)."""
    pooled = connection.connection
    if pooled.info.get(_INFO_KEY):
        return
    raw = pooled.driver_connection
    assert raw is not None
    raw.create_function("ws_rev", 1, _rev, deterministic=True)
    raw.create_function("ws_mask", 1, _mask, deterministic=True)
    raw.create_function("ws_keys_json", 2, _keys_json, deterministic=True)
    raw.create_function("ws_digits", 1, _digits, deterministic=True)
    pooled.info[_INFO_KEY] = True


# --- statements ------------------------------------------------------------------------------
# ``{f}`` is the filter on the source row alias ``x``: "1" (rebuild) or a JSON id list.

_UPSERT = (
    "INSERT INTO search_doc (record_type, record_id, number, title, body, phones, detail, day,"
    " status, sort_key) {select} ON CONFLICT (record_type, record_id) DO UPDATE SET"
    " number = excluded.number, title = excluded.title, body = excluded.body,"
    " phones = excluded.phones, detail = excluded.detail, day = excluded.day,"
    " status = excluded.status, sort_key = excluded.sort_key"
)

_DOC_SELECT = {
    PERSON: (
        "SELECT 'person', x.id, NULL, x.name,"
        " x.address || char(10) || x.household_registration || char(10) || x.occupation"
        " || char(10) || x.employer, ws_digits(x.phone),"
        " trim(ws_mask(x.id_number) || ' ' || x.phone), NULL, NULL,"
        " substr(x.updated_at, 1, 10) || ' ' || x.updated_at"
        " FROM person x WHERE {f}"
    ),
    CONSULTATION: (
        "SELECT 'consultation', x.id, x.number, x.number || ' ' || coalesce(p.name, ''),"
        " x.question || char(10) || x.answer || char(10) || x.referred_to, '', '',"
        " date(x.occurred_at, 'localtime'), x.handling_result,"
        " date(x.occurred_at, 'localtime') || ' ' || x.occurred_at"
        " FROM consultation x LEFT JOIN person p ON p.id = x.person_id WHERE {f}"
    ),
    MEDIATION: (
        "SELECT 'mediation_case', x.id, x.number, x.number || ' ' || coalesce(("
        "  SELECT group_concat(nm, '、') FROM ("
        "   SELECT CASE WHEN mp.org_name <> '' THEN mp.org_name ELSE coalesce(p.name, '') END"
        "   AS nm FROM mediation_party mp LEFT JOIN person p ON p.id = mp.person_id"
        "   WHERE mp.case_id = x.id ORDER BY mp.position, mp.id)), ''),"
        " x.facts || char(10) || x.claims || char(10) || x.referring_body, '', '',"
        " x.registered_on, x.status, x.registered_on || ' ' || x.created_at"
        " FROM mediation_case x WHERE {f}"
    ),
    AID: (
        "SELECT 'aid_referral', x.id, x.number, x.number || ' ' || coalesce(p.name, ''),"
        " x.facts || char(10) || x.request || char(10) || x.cause_of_action || char(10)"
        " || x.matter_detail, ws_digits(x.agent_phone), '', x.applied_on, x.status,"
        " x.applied_on || ' ' || x.created_at"
        " FROM aid_referral x LEFT JOIN person p ON p.id = x.applicant_id WHERE {f}"
    ),
}

def _doc(kind: str) -> str:
    return f"JOIN search_doc d ON d.record_type = '{kind}' AND d.record_id = x.id"


# (doc_id, name, JSON list of pinyin keys) of the names a document is found by: a person's
# name, and the organisations that are parties to a case. Records are found by their persons'
# names through search_link.
_NAMES = {
    PERSON: [f"SELECT d.id, x.name, ws_keys_json(x.name, x.name_keys) FROM person x {_doc(PERSON)}"
             " WHERE {f}"],
    MEDIATION: [
        "SELECT d.id, mp.org_name, '[]' FROM mediation_case x"
        f" JOIN mediation_party mp ON mp.case_id = x.id {_doc(MEDIATION)}"
        " WHERE mp.org_name <> '' AND {f}"],
}

# (person_doc, record_doc) of every person a record names.
_LINKS = {
    CONSULTATION: "SELECT pd.id, d.id FROM consultation x JOIN search_doc pd"
                  " ON pd.record_type = 'person' AND pd.record_id = x.person_id"
                  f" {_doc(CONSULTATION)} WHERE {{f}}",
    MEDIATION: "SELECT pd.id, d.id FROM mediation_case x JOIN mediation_party mp"
               " ON mp.case_id = x.id JOIN search_doc pd ON pd.record_type = 'person'"
               f" AND pd.record_id = mp.person_id {_doc(MEDIATION)} WHERE {{f}}",
    AID: "SELECT pd.id, d.id FROM aid_referral x JOIN search_doc pd"
         " ON pd.record_type = 'person' AND pd.record_id = x.applicant_id"
         f" {_doc(AID)} WHERE {{f}}",
}

# Other (term, doc_id): the reversed ID number of a person, the serial number of a record.
_OTHER_TERMS = {
    PERSON: f"SELECT 'i:' || ws_rev(x.id_number), d.id FROM person x {_doc(PERSON)}"
            " WHERE x.id_number <> '' AND {f}",
    **{kind: f"SELECT 'n:' || x.seq, d.id FROM {table} x {_doc(kind)} WHERE {{f}}"
       for kind, table in ((CONSULTATION, "consultation"), (MEDIATION, "mediation_case"),
                           (AID, "aid_referral"))},
}

# Every 1- and 2-character substring of each name (``g:``) and each pinyin key (``k:``), and
# the other terms, in key order: shared by inserting terms and by pruning stale ones.
_TERMS_SELECT = (
    "WITH RECURSIVE src(doc_id, name, keys) AS MATERIALIZED ({names}),"
    " n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    "  WHERE i < (SELECT max(length(name)) FROM src))"
    " SELECT 'g:' || substr(name, i, 1), doc_id FROM src JOIN n ON i <= length(name)"
    " UNION ALL SELECT 'g:' || substr(name, i, 2), doc_id FROM src JOIN n ON i < length(name)"
    " UNION ALL SELECT 'k:' || j.value, doc_id FROM src, json_each(src.keys) AS j"
    "  WHERE j.value <> ''"
    " UNION ALL {others}"
    " ORDER BY 1, 2"
)

#: Filters on the source row ``x``: every record of a refresh (``:ids``), or those whose
#: documents already existed (``:old``). Ids are UUIDs, unique across the record tables.
_ALL = "x.id IN (SELECT value FROM json_each(:ids))"
_OLD = "x.id IN (SELECT value FROM json_each(:old))"
_DOC_COLUMNS = "record_type, record_id, number, title, body, phones, detail, day, status, sort_key"
_INDEXED = ("title", "body", "phones")  # what search_fts holds of a document


def _in(kinds: Iterable[str]) -> str:
    return ", ".join(f"'{kind}'" for kind in kinds)


def _docs_of(kinds: Iterable[str], param: str) -> str:
    """Ids of the documents of these kinds whose record ids are in the JSON list ``param``."""
    return (f"SELECT id FROM search_doc WHERE record_type IN ({_in(kinds)})"
            f" AND record_id IN (SELECT value FROM json_each(:{param}))")


@cache
def _upsert_sql(kinds: tuple[str, ...], where: str) -> str:
    """Upsert documents; new ones are numbered in time order (``sort_key``, column 9).

    A document whose values did not change is left alone (no page written).
    """
    union = " UNION ALL ".join(_DOC_SELECT[kind].format(f=where) for kind in kinds)
    changed = " OR ".join(f"search_doc.{c} IS NOT excluded.{c}"
                          for c in _DOC_COLUMNS.split(", ")[2:])
    select = f"SELECT * FROM ({union}) WHERE 1 ORDER BY 9"
    return f"{_UPSERT.format(select=select)} WHERE {changed}"


@cache
def _terms_sql(kinds: tuple[str, ...], where: str) -> str:
    names = " UNION ALL ".join(sql.format(f=where) for k in kinds for sql in _NAMES.get(k, ()))
    others = " UNION ALL ".join(_OTHER_TERMS[k].format(f=where) for k in kinds)
    return _TERMS_SELECT.format(names=names or "SELECT NULL, NULL, NULL WHERE 0", others=others)


@cache
def _links_sql(kinds: tuple[str, ...], where: str) -> str:
    """(person_doc, record_doc) of the records of these kinds ('' for persons only)."""
    links = " UNION ALL ".join(_LINKS[k].format(f=where) for k in kinds if k in _LINKS)
    return f"{links} ORDER BY 1, 2" if links else ""


@cache
def _unindexed_sql(kinds: tuple[str, ...]) -> str:
    """(record id, doc id or NULL) of the old records whose indexed text changed (or that
    have no document yet): their FTS entries are replaced."""
    union = " UNION ALL ".join(_DOC_SELECT[kind].format(f=_OLD) for kind in kinds)
    changed = " OR ".join(f"d.{c} IS NOT n.{c}" for c in _INDEXED)
    return (f"WITH n({_DOC_COLUMNS}) AS ({union})"
            " SELECT n.record_id, d.id FROM n LEFT JOIN search_doc d"
            " ON d.record_type = n.record_type AND d.record_id = n.record_id"
            f" WHERE d.id IS NULL OR {changed}")


def _insert_docs(connection: Connection, kinds: Iterable[str], where: str,
                 params: dict[str, Any]) -> None:
    connection.exec_driver_sql(_upsert_sql(tuple(kinds), where), params)


def _insert_terms(connection: Connection, kinds: Iterable[str], where: str,
                  params: dict[str, Any]) -> None:
    kinds = tuple(kinds)
    connection.exec_driver_sql(
        f"INSERT OR IGNORE INTO search_term (term, doc_id) {_terms_sql(kinds, where)}", params)
    links = _links_sql(kinds, where)
    if links:
        connection.exec_driver_sql(
            f"INSERT OR IGNORE INTO search_link (person_doc, record_doc) {links}", params)


def refresh_documents(connection: Connection, changed: Mapping[str, Iterable[str]],
                      new: Collection[str] = ()) -> None:
    """Re-index these records (record ids by kind) inside the caller's transaction.

    ``new`` holds ids known to have no document yet (inserted in this transaction): nothing of
    theirs needs removing. For the others only what changed is rewritten: the FTS entry when
    the indexed text changed, the document when any value did, stale terms and links.
    """
    ids = {kind: sorted(set(changed.get(kind, ()))) for kind in RECORD_TYPES}
    kinds = tuple(kind for kind in RECORD_TYPES if ids[kind])
    if not kinds:
        return
    ensure_functions(connection)
    everything = sorted(i for kind in kinds for i in ids[kind])
    old = [i for i in everything if i not in new]
    old_kinds = tuple(kind for kind in kinds if any(i not in new for i in ids[kind]))
    params = {"ids": json.dumps(everything), "old": json.dumps(old)}
    to_index = [i for i in everything if i in new]
    if old:
        rows = connection.exec_driver_sql(_unindexed_sql(old_kinds), params).all()
        to_index += [record_id for record_id, _ in rows]
        stale = [doc_id for _, doc_id in rows if doc_id is not None]
        if stale:  # external-content FTS: remove entries with the values they were indexed with
            connection.exec_driver_sql(
                "INSERT INTO search_fts (search_fts, rowid, title, body, phones) SELECT"
                " 'delete', id, title, body, phones FROM search_doc"
                " WHERE id IN (SELECT value FROM json_each(:stale))", {"stale": json.dumps(stale)})
    for kind in kinds:  # kind by kind: a record's document is numbered after its persons'
        connection.exec_driver_sql(_upsert_sql((kind,), _ALL), params)
    if to_index:
        connection.exec_driver_sql(
            "INSERT INTO search_fts (rowid, title, body, phones) SELECT id, title, body, phones"
            f" FROM search_doc WHERE id IN ({_docs_of(kinds, 'fts')})",
            {"fts": json.dumps(sorted(to_index))})
    if old:
        connection.exec_driver_sql(
            f"DELETE FROM search_term WHERE doc_id IN ({_docs_of(old_kinds, 'old')})"
            f" AND (term, doc_id) NOT IN ({_terms_sql(old_kinds, _OLD)})", params)
        links = _links_sql(old_kinds, _OLD)
        records = tuple(kind for kind in old_kinds if kind != PERSON)
        if links and records:  # a person's links belong to the records naming them
            connection.exec_driver_sql(
                f"DELETE FROM search_link WHERE record_doc IN ({_docs_of(records, 'old')})"
                f" AND (person_doc, record_doc) NOT IN ({links})", params)
    _insert_terms(connection, kinds, _ALL, params)


def rebuild_search_index(connection: Connection | Session) -> None:
    """Rebuild the whole index from the records, set-based, in the caller's transaction.

    For bulk loads (importers, the demo generator) that write with Core and bypass the
    session hooks; also run by migration 0004 on existing databases. ~7 s for 100,000
    records here (see tests/services/test_search.py).
    """
    conn = connection.connection() if isinstance(connection, Session) else connection
    ensure_functions(conn)
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -65536")  # 64 MiB while bulk-writing
    try:
        conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"))
        conn.execute(text("DELETE FROM search_term"))
        conn.execute(text("DELETE FROM search_link"))
        conn.execute(text("DELETE FROM search_doc"))
        _insert_docs(conn, RECORD_TYPES, "1", {})
        conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('rebuild')"))
        # Terms arrive sorted by term; the doc_id index is faster built once at the end.
        conn.execute(text("DROP INDEX IF EXISTS ix_search_term_doc_id"))
        conn.execute(text("DROP INDEX IF EXISTS ix_search_link_record_doc"))
        _insert_terms(conn, RECORD_TYPES, "1", {})
        conn.execute(text("CREATE INDEX ix_search_term_doc_id ON search_term (doc_id)"))
        conn.execute(text("CREATE INDEX ix_search_link_record_doc ON search_link (record_doc)"))
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")


# --- what a transaction touched --------------------------------------------------------------

_KIND_OF: dict[type, str] = {
    Person: PERSON, Consultation: CONSULTATION, MediationCase: MEDIATION, AidReferral: AID,
}


@dataclass
class _Pending:
    """Records a transaction inserted or changed, re-indexed just before it commits."""

    changed: dict[str, set[str]] = field(default_factory=dict)
    new: set[str] = field(default_factory=set)  # inserted in this transaction: no document yet
    renamed: set[str] = field(default_factory=set)  # persons whose records' titles change
    parties: set[str] = field(default_factory=set)  # mediation parties changed with Core

    def add(self, kind: str, record_id: str) -> None:
        self.changed.setdefault(kind, set()).add(record_id)


def _pending(session: Session) -> _Pending:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    return pending


def note_inserted(session: Session, model: type, row: Mapping[str, Any]) -> None:
    """Index a row the session's transaction inserted with Core (``row`` has its columns)."""
    if model is MediationParty:
        _pending(session).add(MEDIATION, row["case_id"])
        return
    kind = _KIND_OF.get(model)
    if kind is not None:
        pending = _pending(session)
        pending.add(kind, row["id"])
        pending.new.add(row["id"])


def note_updated(session: Session, model: type, record_id: str, columns: Iterable[str]) -> None:
    """Re-index a row the session's transaction updated with Core (``columns`` changed)."""
    if model is MediationParty:
        _pending(session).parties.add(record_id)
        return
    kind = _KIND_OF.get(model)
    if kind is not None:
        pending = _pending(session)
        pending.add(kind, record_id)
        if kind == PERSON and "name" in columns:
            pending.renamed.add(record_id)


def _after_flush(session: Session, _context: Any) -> None:
    pending = _pending(session)
    for obj in session.new:
        if isinstance(obj, MediationParty):
            pending.add(MEDIATION, obj.case_id)
        elif (kind := _KIND_OF.get(type(obj))) is not None:
            pending.add(kind, obj.id)
            pending.new.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, MediationParty):
            pending.add(MEDIATION, obj.case_id)
        elif (kind := _KIND_OF.get(type(obj))) is not None:
            pending.add(kind, obj.id)
            if kind == PERSON and inspect(obj).attrs.name.history.deleted:
                pending.renamed.add(obj.id)


_REFERRING = {
    CONSULTATION: "SELECT id FROM consultation WHERE person_id {by}",
    MEDIATION: "SELECT DISTINCT case_id FROM mediation_party WHERE person_id {by}",
    AID: "SELECT id FROM aid_referral WHERE applicant_id {by}",
}


def _referring_records(connection: Connection, person_ids: set[str]) -> dict[str, set[str]]:
    params = {"ids": json.dumps(sorted(person_ids))}
    by = "IN (SELECT value FROM json_each(:ids))"
    return {kind: set(connection.exec_driver_sql(sql.format(by=by), params).scalars())
            for kind, sql in _REFERRING.items()}


def _before_commit(session: Session) -> None:
    session.flush()
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is None or not (pending.changed or pending.parties):
        return
    connection = session.connection()
    if pending.renamed:
        for kind, ids in _referring_records(connection, pending.renamed).items():
            pending.changed.setdefault(kind, set()).update(ids)
    if pending.parties:
        cases = connection.exec_driver_sql(
            "SELECT case_id FROM mediation_party WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(pending.parties)),)).scalars()
        pending.changed.setdefault(MEDIATION, set()).update(cases)
    refresh_documents(connection, pending.changed, pending.new)


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install_search_hooks(factory: sessionmaker[Session]) -> None:
    """Re-index every person and record a transaction touched, in that transaction."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_transaction_end", _after_transaction_end)


__all__ = [
    "FTS_DDL",
    "RECORD_TYPES",
    "ensure_functions",
    "install_search_hooks",
    "note_inserted",
    "note_updated",
    "rebuild_search_index",
    "refresh_documents",
]
