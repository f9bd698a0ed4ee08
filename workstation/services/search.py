"""Search everywhere: the one search box over persons and records.

A query is split on whitespace; every part must match (``张三 宅基地``: 张三's records about
宅基地). Each part is read by its shape:

* digits (and an ID number's final X): the serial number (``0012``, ``12``), the last 4+
  characters of an ID number, any 4+ digits of a phone number; a full ID number or phone
  number ranks as an exact match;
* ASCII letters: pinyin keys of names by prefix (``zs``, ``zhangs``, ``shanxx`` for 单);
* one or two characters: exact name parts (``张``, ``张三``), also of party organisations;
* three or more characters: a case number (``海调字第0012``, ``〔2026〕海调字第0012号``) and
  substring search of titles (numbers, names) and text (facts, question, request) by the FTS5
  trigram index.

A person found by name, pinyin, ID or phone brings the records that refer to them.
Ranking: exact number/ID/phone matches, then names and pinyin, then text; newest first within
a group. Full ID numbers are never returned: results show the masked form.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from workstation.domain.wording import ELIDED
from workstation.storage.engine import Database
from workstation.storage.search_index import RECORD_TYPES, rebuild_search_index

__all__ = ["KINDS", "SearchHit", "parse_query", "rebuild_search_index", "search"]

KINDS: frozenset[str] = frozenset(RECORD_TYPES)

EXACT, NAME, TEXT = 0, 1, 2
MAX_PARTS = 6
MAX_QUERY_LEN = 400
MAX_PART_LEN = 64
SNIPPET_LEN = 60

_ID_LIKE = re.compile(r"[0-9]+[X]?")
_LETTERS = re.compile(r"[a-z]+")
_OPEN = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "［": "〔", "]": "〕", ")": "〕",
                       "】": "〕", "］": "〕"})
_TRIM = "，,。.;；:：、!！?？'\"“”‘’"


@dataclass(frozen=True)
class SearchHit:
    record_type: str  # person, consultation, mediation_case, aid_referral
    record_id: str
    number: str | None
    title: str
    snippet: str
    date: date | None
    status: str | None
    #: The person or record was voided (作废): still found, shown marked.
    voided: bool = False


@dataclass(frozen=True)
class _Arm:
    """One way a query part matches: SQL selecting document ids, all in ranking group
    ``grp``; with ``expand``, persons found bring the records that name them."""

    sql: str
    grp: int
    expand: bool = False


@dataclass(frozen=True)
class _Part:
    text: str
    arms: tuple[_Arm, ...]
    params: dict[str, Any]


def _upper_bound(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _fts_literal(value: str) -> str:
    """An FTS5 string: the whole part as one phrase (no operators, quotes doubled)."""
    return '"' + value.replace('"', '""') + '"'


def _split(query: str) -> list[str]:
    # Control characters (NUL ends an FTS5 string) and lone surrogates (not encodable) are
    # separators.
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch
                      for ch in query[:MAX_QUERY_LEN])
    normalized = unicodedata.normalize("NFKC", cleaned)
    parts: list[str] = []
    for raw in normalized.split():
        part = raw.strip(_TRIM)[:MAX_PART_LEN]
        if part and part not in parts:
            parts.append(part)
    return parts[:MAX_PARTS]


def _parse_part(part: str, p: str) -> _Part:
    arms: list[_Arm] = []
    params: dict[str, Any] = {}

    def term(value: str, grp: int, *, expand: bool = False) -> None:
        name = f"{p}t{len(params)}"
        params[name] = value
        arms.append(_Arm(f"SELECT doc_id FROM search_term WHERE term = :{name}", grp, expand))

    def term_prefix(prefix: str, grp: int, *, expand: bool = False) -> None:
        name = f"{p}t{len(params)}"
        params[name + "lo"], params[name + "hi"] = prefix, _upper_bound(prefix)
        arms.append(_Arm(f"SELECT doc_id FROM search_term WHERE term >= :{name}lo"
                         f" AND term < :{name}hi", grp, expand))

    def fts(query: str, grp: int, *, expand: bool = False) -> None:
        name = f"{p}t{len(params)}"
        params[name] = query
        arms.append(_Arm(f"SELECT rowid AS doc_id FROM search_fts WHERE search_fts MATCH"
                         f" :{name}",
                         grp, expand))

    upper, lower = part.upper(), part.lower()
    if _ID_LIKE.fullmatch(upper):
        digits = upper.isdigit()
        if digits and len(upper) <= 6:
            term(f"n:{int(upper)}", EXACT)
        if len(upper) >= 4:
            term_prefix("i:" + upper[::-1], EXACT if len(upper) in (15, 18) else NAME,
                        expand=True)
        if digits and len(upper) >= 4:
            fts("phones : " + _fts_literal(upper), EXACT if len(upper) >= 11 else NAME,
                expand=True)
    elif _LETTERS.fullmatch(lower):
        term_prefix("k:" + lower, NAME, expand=True)
    elif len(part) <= 2:
        term("g:" + part, NAME, expand=True)

    if len(part) >= 3 and not (upper.isdigit() and len(upper) >= 4):
        number = re.search(r"([0-9]{1,6})[^0-9]*$", part)
        if number and not part.isascii():
            params[p + "nseq"] = f"n:{int(number.group(1))}"
            params[p + "ntext"] = part.translate(_OPEN)
            arms.append(_Arm(
                f"SELECT t.doc_id FROM search_term t CROSS JOIN search_doc d ON d.id = t.doc_id"
                f" WHERE t.term = :{p}nseq AND instr(d.number, :{p}ntext) > 0", EXACT))
        # Titles hold numbers and names (the name group), bodies the free text.
        fts("title : " + _fts_literal(part), NAME, expand=True)
        fts("{title body} : " + _fts_literal(part), TEXT)
    return _Part(part, tuple(arms), params)


def parse_query(query: str) -> list[_Part]:
    """How each whitespace-separated part of ``query`` is matched ([] if nothing to search)."""
    return [_parse_part(part, f"p{n}_") for n, part in enumerate(_split(query))]


BROAD = 500  # persons matched by one arm from which records are found newest-first


def _statement(parts: list[_Part], kinds: set[str] | None,
               broad: frozenset[tuple[int, int]] = frozenset()) -> tuple[str, dict[str, Any]]:
    """One statement: per part the union of its arms (t0, t1, ...), intersected, best first.

    Ranking is (group, document id DESC): ids follow time (storage.search_index). With a
    single part, each arm only needs its own ``limit`` newest documents: a document in the
    overall top ``limit`` has fewer than ``limit`` better-ranked documents in its best arm.
    With several parts, arms are intersected whole. ``broad`` arms (part, arm) match many
    persons: their records are read newest first from the link index until ``limit`` are
    found, instead of following every person's links.
    """
    ctes: list[str] = []
    params: dict[str, Any] = {}
    bounded = len(parts) == 1 and kinds is None
    for n, part in enumerate(parts):
        arms: list[str] = []
        for k, arm in enumerate(part.arms):
            source = arm.sql
            a = f"a{n}_{k}"
            if arm.expand:
                ctes.append(f"{a}(doc_id) AS MATERIALIZED ({arm.sql})")
                source = (f"SELECT doc_id FROM {a} UNION ALL SELECT l.record_doc FROM"
                          f" {a} b CROSS JOIN search_link l ON l.person_doc = b.doc_id")
            if bounded and arm.expand and (n, k) in broad:
                source = (
                    f"SELECT doc_id FROM (SELECT doc_id FROM {a} ORDER BY 1 DESC LIMIT :limit)"
                    f" UNION SELECT doc_id FROM (SELECT DISTINCT l.record_doc AS doc_id"
                    f" FROM search_link l INDEXED BY ix_search_link_record_doc"
                    f" WHERE l.person_doc IN (SELECT doc_id FROM {a})"
                    f" ORDER BY 1 DESC LIMIT :limit)")
            if bounded:
                source = f"SELECT DISTINCT doc_id FROM ({source}) ORDER BY 1 DESC LIMIT :limit"
            arms.append(f"SELECT doc_id, {arm.grp} FROM ({source})")
        union = " UNION ALL ".join(arms) or "SELECT NULL, NULL WHERE 0"
        ctes.append(f"u{n}(doc_id, grp) AS ({union})")
        ctes.append(f"t{n}(doc_id, grp) AS MATERIALIZED (SELECT doc_id, min(grp) FROM u{n}"
                    f" GROUP BY doc_id)")
        params.update(part.params)
    joins = " ".join(f"JOIN t{n} ON t{n}.doc_id = t0.doc_id" for n in range(1, len(parts)))
    grp = "t0.grp" if len(parts) == 1 else "min(" + ", ".join(
        f"t{n}.grp" for n in range(len(parts))) + ")"
    kind_filter = ""
    if kinds is not None:
        names = sorted(k for k in kinds if k in KINDS)
        for n, kind in enumerate(names):
            params[f"kind{n}"] = kind
        kind_filter = (" CROSS JOIN search_doc k ON k.id = t0.doc_id WHERE k.record_type IN ("
                       + ", ".join(f":kind{n}" for n in range(len(names))) + ")"
                       if names else " WHERE 0")
    sql = (
        "WITH " + ", ".join(ctes) + f", top(doc_id, g) AS MATERIALIZED (SELECT t0.doc_id,"
        f" {grp} AS g FROM t0 {joins}{kind_filter} ORDER BY g, t0.doc_id DESC LIMIT :limit)"
        " SELECT d.record_type, d.record_id, d.number, d.title, d.body, d.detail, d.day,"
        " d.status, top.g FROM top CROSS JOIN search_doc d ON d.id = top.doc_id"
        " ORDER BY top.g, top.doc_id DESC"
    )
    return sql, params


def _snippet(body: str, parts: list[_Part]) -> str:
    flat = " ".join(body.split())
    folded = flat.lower()
    for part in parts:
        at = folded.find(part.text.lower())
        if at >= 0:
            start = max(0, at - SNIPPET_LEN // 3)
            cut = flat[start:start + SNIPPET_LEN]
            more = start + SNIPPET_LEN < len(flat)
            return (ELIDED if start else "") + cut + (ELIDED if more else "")
    return flat[:SNIPPET_LEN] + (ELIDED if len(flat) > SNIPPET_LEN else "")


def search_connection(connection: Connection, query: str, *, limit: int = 50,
                      kinds: set[str] | None = None) -> list[SearchHit]:
    """``search`` on an open connection (benchmarks, callers inside a transaction)."""
    parts = parse_query(query)
    if not parts or limit <= 0:
        return []
    params = {k: v for part in parts for k, v in part.params.items()}
    broad: set[tuple[int, int]] = set()
    if len(parts) == 1 and kinds is None:
        for k, arm in enumerate(parts[0].arms):
            if arm.expand:
                count = connection.execute(
                    text(f"SELECT count(*) FROM ({arm.sql} LIMIT {BROAD + 1})"), params
                ).scalar_one()
                if count > BROAD:
                    broad.add((0, k))
    sql, params = _statement(parts, kinds, frozenset(broad))
    params["limit"] = int(limit)
    hits: list[SearchHit] = []
    for row in connection.execute(text(sql), params):
        record_type, record_id, number, title, body, detail, day, status, _g = row
        if record_type == "person":
            snippet = " · ".join(s for s in (detail, " ".join(body.split())) if s)
        else:
            snippet = _snippet(body, parts)
        hits.append(SearchHit(
            record_type=record_type, record_id=record_id, number=number, title=title,
            snippet=snippet, date=date.fromisoformat(day) if day else None, status=status,
        ))
    voided = _voided_ids(connection, hits)
    if voided:
        hits = [replace(h, voided=True) if h.record_id in voided else h for h in hits]
    return hits


_VOIDABLE_TABLES = {"person": "person", "consultation": "consultation",
                    "mediation_case": "mediation_case", "aid_referral": "aid_referral"}


def _voided_ids(connection: Connection, hits: list[SearchHit]) -> set[str]:
    """Ids among the hits whose record is voided (one small query per kind found)."""
    found: set[str] = set()
    for kind, table in _VOIDABLE_TABLES.items():
        ids = [h.record_id for h in hits if h.record_type == kind]
        if ids:
            found.update(connection.execute(text(
                f"SELECT id FROM {table} WHERE voided_at IS NOT NULL"
                " AND id IN (SELECT value FROM json_each(:ids))"), {"ids": json.dumps(ids)}
            ).scalars())
    return found


def search(db: Database, text: str, *, limit: int = 50,
           kinds: set[str] | None = None) -> list[SearchHit]:
    """Persons and records matching every part of ``text``, best first (see module doc).

    ``kinds`` restricts the result to some of "person", "consultation", "mediation_case",
    "aid_referral". Never raises on odd input: a query that means nothing returns [].
    """
    with db.engine.connect() as connection:
        return search_connection(connection, text, limit=limit, kinds=kinds)
