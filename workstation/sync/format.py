"""The bundle container (format version 1), shared by the station and the county.

A bundle is a zip (members stored, not compressed: the payload is ciphertext) holding exactly
``manifest.json``, ``manifest.sig``, ``key.bin`` and one ``records/<table>.jsonl.enc`` per table
with changes. The bundle's identity (``bundle_hash``) is the SHA-256 of the exact manifest
bytes: the manifest pins every other member by size and SHA-256, so the hash covers all.
See ``docs/sync-bundle.md``.

Reading never extracts: members are read into memory by name, only names the manifest lists.
Only STORED members are accepted (nothing inflates), and the zip's sizes are checked against
the file's size on disk and the manifest's before a part is read, so a bundle never costs more
memory than the sizes its manifest declares (a lying zip header cannot get past them).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import uuid
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.domain.audit_chain import at_text, detail_digest
from workstation.storage.sync_epoch import REASONS as EPOCH_REASONS
from workstation.version import program_version

from . import keys
from .errors import BundleRefused

FORMAT = "workstation-sync-bundle"
FORMAT_VERSION = 1
#: Version of the record layout (``data`` of each JSON line); bumped when a migration changes
#: the columns of a synced table. 2: referral_provider, publicity_activity, publicity_operator,
#: publicity_photo and consultation.provider_id (migration 0006_publicity). 3: mediation_step,
#: mediation_session.recorder, follow_up.method/visitee, mediation_agreement.judicial_result/
#: judicial_result_on/judicial_court/judicial_ruling_number/performance_status (migration
#: 0010_case_file); screening, screening_dispute, and mediation_case.referring_body_kind /
#: prevention_kind / prevention_persons (migration 0011_screening); mediation_committee and
#: mediation_case.committee_id (migration 0009_committees). 4: audit_entry, the station's
#: hash-chained audit trail (migration 0015_audit_chain; ``audit_line``). 5: aid_referral.aid_form /
#: opposing_party / agent_id_type / agent_id_number / decision_told_on (migration 0016_aid_rules);
#: work_order, the 12348 work orders and their replies (migration 0017_hotline_orders);
#: responsibility, handover and record_link, first-inquiry responsibility (migration
#: 0018_first_inquiry);
#: rating and rating_review, citizens' ratings and the review of a 不满意 (migration
#: 0019_ratings).
SCHEMA_VERSION = 5
#: Record layouts the county still accepts (a station not yet upgraded writes 1 to 4).
SUPPORTED_SCHEMA_VERSIONS: tuple[int, ...] = (1, 2, 3, 4, 5)
SUFFIX = ".wsb"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KEY = "key.bin"
KEY_ALG = "X25519-HKDF-SHA256-A256KW"
CIPHER = "AES-256-GCM"
NONCE_SIZE = 12

#: Read limits (bytes). Members must be STORED (no inflation), their central-directory sizes
#: must equal what the manifest declares before anything but the manifest is read, and no
#: more than a member's declared size is ever held: reading a bundle costs at most its file.
MAX_MANIFEST = 1 << 20
MAX_PART = 512 << 20
MAX_TOTAL = 1 << 30
MAX_MEMBERS = 64
#: Largest bundle file opened at all (checked on disk first): every part at its largest
#: plus the manifest and the zip's own structure.
MAX_BUNDLE_FILE = MAX_TOTAL + MAX_MANIFEST + (1 << 20)
#: Longest program version a manifest may name (``program.version``).
MAX_PROGRAM_VERSION = 64

#: The station's audit trail: carried like a synced table (an insert-only one), but its lines
#: are made by ``audit_line`` and the county verifies and keeps them apart
#: (``county.audit_chain``), never as conflicts.
AUDIT_TABLE = "audit_entry"
#: Tables a bundle may carry, in dependency order (frozen copy of models.SYNCED_TABLES, then
#: the audit trail).
TABLES: tuple[str, ...] = (
    "operator", "person", "referral_provider", "consultation", "mediation_committee",
    "mediation_case",
    "mediation_party", "mediation_session", "mediation_agreement", "follow_up", "aid_referral",
    "status_change", "publicity_activity", "publicity_operator", "publicity_photo",
    "mediation_step",
    "screening", "screening_dispute", "work_order", "responsibility", "handover", "record_link",
    "rating", "rating_review", AUDIT_TABLE,
)
#: References between synced tables: table → ((column, referenced table), ...), frozen from
#: the station models' foreign keys (``SQLModel.metadata``; the county does not load the
#: station's models, and a bundle's meaning must not shift with them). Every non-null value
#: must name a record of the bundle's own station, in the bundle or already at the county
#: (county/importer.py). ``station_id`` (→ station, not synced) is not listed: every line's
#: ``station_id`` is checked to be the bundle's station. tests/sync/test_references.py fails
#: when a model gains a foreign key this map lacks (or loses one it has).
FOREIGN_KEYS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "consultation": (("person_id", "person"), ("operator_id", "operator"),
                     ("provider_id", "referral_provider")),
    "mediation_case": (("mediator_id", "operator"), ("committee_id", "mediation_committee")),
    "mediation_party": (("case_id", "mediation_case"), ("person_id", "person")),
    "mediation_session": (("case_id", "mediation_case"), ("mediator_id", "operator")),
    "mediation_agreement": (("case_id", "mediation_case"),),
    "follow_up": (("case_id", "mediation_case"), ("operator_id", "operator")),
    "aid_referral": (("applicant_id", "person"), ("operator_id", "operator")),
    "status_change": (("operator_id", "operator"),),
    "publicity_activity": (("operator_id", "operator"),),
    "publicity_operator": (("activity_id", "publicity_activity"), ("operator_id", "operator")),
    "publicity_photo": (("activity_id", "publicity_activity"),),
    "mediation_step": (("case_id", "mediation_case"), ("operator_id", "operator")),
    "screening": (("operator_id", "operator"),),
    "screening_dispute": (("screening_id", "screening"), ("case_id", "mediation_case")),
    "work_order": (("operator_id", "operator"), ("consultation_id", "consultation"),
                   ("case_id", "mediation_case"), ("referral_id", "aid_referral"),
                   ("replied_by", "operator")),
    "responsibility": (("first_receiver_id", "operator"), ("handler_id", "operator")),
    "handover": (("from_operator_id", "operator"), ("to_operator_id", "operator"),
                 ("provider_id", "referral_provider"), ("decided_by", "operator")),
    "record_link": (("operator_id", "operator"),),
    "rating": (("operator_id", "operator"),),
    "rating_review": (("rating_id", "rating"), ("closed_by", "operator")),
    AUDIT_TABLE: (("operator_id", "operator"),),
}
#: Columns never exported (secrets that have no business at the county).
SECRET_COLUMNS: Mapping[str, frozenset[str]] = {"operator": frozenset({"password_hash"})}

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DIVISION = re.compile(r"^[0-9]{12}$")


#: Namespace of the record ids of audit entries: uuid5("<station id>/<seq>/<hash>"), so an
#: entry keeps its id whenever it is sent again, and another entry under the same seq (after
#: tampering, or a restore) gets another id: the county keeps both.
AUDIT_ID_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-4f3b-9a57-1c2b7e0d4a11")
#: The fields of an audit line's ``data`` besides id, station_id, version, created_at and
#: updated_at (docs/sync-bundle.md). The detail text stays at the station: only its SHA-256.
AUDIT_FIELDS = ("seq", "at", "operator_id", "action", "record_type", "record_id",
                "detail_sha256", "prev_hash", "hash")


def audit_record_id(station_id: str, seq: int, entry_hash: str) -> str:
    return str(uuid.uuid5(AUDIT_ID_NAMESPACE, f"{station_id}/{seq}/{entry_hash}"))


def audit_line(station_id: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle line of one chained audit entry (``seq``, ``at`` as stored text,
    ``operator_id``, ``action``, ``record_type``, ``record_id``, ``detail``, ``prev_hash``,
    ``hash``): the detail replaced by its digest, which the chain's hash covers."""
    rid = audit_record_id(station_id, int(entry["seq"]), str(entry["hash"]))
    at = at_text(entry["at"])
    data = {"id": rid, "station_id": station_id, "version": 1, "created_at": at,
            "updated_at": at, "seq": int(entry["seq"]), "at": at,
            "operator_id": entry["operator_id"], "action": entry["action"],
            "record_type": entry["record_type"] or "", "record_id": entry["record_id"] or "",
            "detail_sha256": detail_digest(entry["detail"] or ""),
            "prev_hash": entry["prev_hash"], "hash": entry["hash"]}
    return {"table": AUDIT_TABLE, "id": rid, "version": 1, "schema_version": SCHEMA_VERSION,
            "data": data}


def part_name(table: str) -> str:
    return f"records/{table}.jsonl.enc"


def bundle_file_name(division_code: str, seq: int, epoch: int = 1) -> str:
    """``130302100000-000007.wsb``; from chain epoch 2 on ``130302100000-e2-000007.wsb`` (the
    numbers of a new epoch may repeat those of an older one)."""
    return f"{division_code}-{epoch_tag(epoch)}{seq:06d}{SUFFIX}"


def epoch_tag(epoch: int) -> str:
    """The part of a bundle or acknowledgement file name naming its chain epoch."""
    return "" if epoch <= 1 else f"e{epoch}-"


def manifest_epoch(manifest: Mapping[str, Any]) -> int:
    """The chain epoch of a (checked) manifest: 1 when it declares none."""
    epoch = manifest.get("epoch")
    return 1 if epoch is None else int(epoch["number"])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def aad(station_id: str, seq: int, name: str) -> bytes:
    return f"{station_id}\n{seq}\n{name}".encode()


def key_context(station_id: str, seq: int) -> bytes:
    return f"{station_id}\n{seq}".encode()


# --- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationIdentity:
    id: str
    division_code: str
    name: str


def build_bundle(*, station: StationIdentity, seq: int, prev_sha256: str | None,
                 from_seq: int, to_seq: int, created_at: str,
                 payload: Mapping[str, bytes], counts: Mapping[str, int],
                 county: keys.CountyPublic, signer: Ed25519PrivateKey,
                 station_box: str | None = None,
                 program: str | None = None,
                 epoch: Mapping[str, Any] | None = None) -> tuple[bytes, str]:
    """The bundle file's bytes and its hash. ``payload`` maps table → JSON Lines plaintext;
    ``station_box`` is the station's X25519 public key (``conflicts.box_key_text``), for
    the county to encrypt its data in acknowledgements; ``program`` is the program version
    named in the manifest (default: this program's); ``epoch`` is the manifest's ``epoch``
    object (chain epochs 2 and later)."""
    data_key = AESGCM.generate_key(bit_length=256)
    aes = AESGCM(data_key)
    key_blob = keys.wrap_key(data_key, county.box, key_context(station.id, seq))
    parts: list[dict[str, Any]] = []
    members: list[tuple[str, bytes]] = []
    for table in TABLES:
        plain = payload.get(table)
        if not plain:
            continue
        name = part_name(table)
        nonce = os.urandom(NONCE_SIZE)
        cipher = nonce + aes.encrypt(nonce, plain, aad(station.id, seq, name))
        parts.append({
            "name": name, "table": table, "records": counts[table],
            "size": len(cipher), "sha256": sha256(cipher),
            "plain_size": len(plain), "plain_sha256": sha256(plain),
        })
        members.append((name, cipher))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "station": {"id": station.id, "division_code": station.division_code,
                    "name": station.name},
        "seq": seq,
        "prev_sha256": prev_sha256,
        "changes": {"from_seq": from_seq, "to_seq": to_seq},
        "created_at": created_at,
        "counts": {t: counts[t] for t in TABLES if counts.get(t)},
        "county_key": keys.fingerprint(county.box),
        "key": {"name": KEY, "alg": KEY_ALG, "size": len(key_blob), "sha256": sha256(key_blob)},
        "cipher": CIPHER,
        "parts": parts,
        "program": {"version": program or program_version()},
    }
    if station_box is not None:
        manifest["station_box_key"] = station_box
    if epoch is not None:
        manifest["epoch"] = dict(epoch)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    signature = signer.sign(manifest_bytes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in ((MANIFEST, manifest_bytes), (SIGNATURE, signature), (KEY, key_blob),
                           *members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buffer.getvalue(), sha256(manifest_bytes)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class RawBundle:
    """A bundle read into memory and checked for shape; nothing verified cryptographically."""

    file_name: str
    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    key_blob: bytes
    parts: dict[str, bytes] = field(default_factory=dict)

    @property
    def bundle_hash(self) -> str:
        return sha256(self.manifest_bytes)

    @property
    def seq(self) -> int:
        return int(self.manifest["seq"])

    @property
    def station(self) -> dict[str, str]:
        return self.manifest["station"]  # type: ignore[no-any-return]


def _refuse(name: str, reason: str) -> BundleRefused:
    return BundleRefused(f"数据包 {name} 被拒绝：{reason}")


def _safe_member_name(name: str) -> bool:
    return not (
        not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, label: str) -> bytes:
    """A STORED member of at most ``limit`` bytes, read in one piece of its declared size
    (``_read_zip`` has checked it is stored and its sizes agree); a member longer than its
    header says is refused."""
    if info.file_size > limit:
        raise _refuse(label, f"成员 {info.filename} 超过大小上限")
    with zf.open(info) as fh:
        data = fh.read(info.file_size)
        if len(data) != info.file_size or fh.read(1):
            raise _refuse(label, f"成员 {info.filename} 的大小与文件记录不符")
    return data


def read_bundle(path: Path) -> RawBundle:
    """Read ``path`` into memory: zip structure, manifest shape, member names and sizes."""
    label = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_FILE:
            raise _refuse(label, f"文件超过 {MAX_BUNDLE_FILE >> 20} MB 的上限")
        with zipfile.ZipFile(path) as zf:
            return _read_zip(zf, label, size)
    except BundleRefused:
        raise
    except FileNotFoundError as exc:
        raise BundleRefused(f"找不到数据包文件：{path}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, RuntimeError) as exc:
        raise _refuse(label, "文件已损坏、不完整或不是数据包") from exc


def _read_zip(zf: zipfile.ZipFile, label: str, file_size: int) -> RawBundle:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(label, "成员过多")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if not _safe_member_name(info.filename):
            raise _refuse(label, f"成员路径不安全：{info.filename}")
        if info.filename in by_name:
            raise _refuse(label, f"成员重复：{info.filename}")
        if info.flag_bits & 0x1:
            raise _refuse(label, "不支持加密的 zip 成员")
        if info.compress_type != zipfile.ZIP_STORED:
            raise _refuse(label, f"成员 {info.filename} 经过压缩（数据包的成员只能直接存储）")
        if info.compress_size != info.file_size:
            raise _refuse(label, f"成员 {info.filename} 的大小记录前后不一致")
        by_name[info.filename] = info
    if sum(info.file_size for info in infos) > file_size:
        raise _refuse(label, "成员的大小合计超过文件本身（文件已损坏或被改动）")
    for required in (MANIFEST, SIGNATURE, KEY):
        if required not in by_name:
            raise _refuse(label, f"缺少 {required}")
    manifest_bytes = _read_member(zf, by_name[MANIFEST], MAX_MANIFEST, label)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(label, "清单（manifest.json）不是有效的 JSON") from exc
    check_manifest(manifest, label)
    signature = _read_member(zf, by_name[SIGNATURE], keys.SIGNATURE_SIZE, label)
    key_blob = _read_member(zf, by_name[KEY], keys.WRAPPED_KEY_SIZE, label)
    declared = {part["name"]: part for part in manifest["parts"]}
    extra = set(by_name) - set(declared) - {MANIFEST, SIGNATURE, KEY}
    if extra:
        raise _refuse(label, f"含有清单未列出的成员：{sorted(extra)[0]}")
    total = 0
    for name, part in declared.items():
        if name not in by_name:
            raise _refuse(label, f"缺少清单列出的成员：{name}")
        if by_name[name].file_size != part["size"]:
            raise _refuse(label, f"成员 {name} 的大小与清单不符")
        total += part["size"]
    if total > MAX_TOTAL:
        raise _refuse(label, "数据部分的大小合计超过上限")
    parts = {name: _read_member(zf, by_name[name], part["size"], label)
             for name, part in declared.items()}
    return RawBundle(label, manifest_bytes, manifest, signature, key_blob, parts)


def _is_int(value: Any, minimum: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_manifest(m: Any, label: str) -> None:
    """The manifest's shape (docs/schemas/manifest.schema.json), before anything trusts it."""
    def bad(what: str) -> BundleRefused:
        return _refuse(label, f"清单格式不正确（{what}）")

    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise bad("format")
    if m.get("format_version") != FORMAT_VERSION:
        raise _refuse(label, f"不支持的格式版本 {m.get('format_version')!r}（本程序支持 "
                             f"{FORMAT_VERSION}），请升级程序")
    if m.get("schema_version") not in SUPPORTED_SCHEMA_VERSIONS:
        raise _refuse(label, f"不支持的记录结构版本 {m.get('schema_version')!r}，请升级程序")
    station = m.get("station")
    if not (isinstance(station, dict) and isinstance(station.get("id"), str)
            and _UUID.match(station["id"]) and isinstance(station.get("division_code"), str)
            and _DIVISION.match(station["division_code"])
            and isinstance(station.get("name"), str)):
        raise bad("station")
    if not _is_int(m.get("seq"), 1):
        raise bad("seq")
    prev = m.get("prev_sha256")
    if not (prev is None or (isinstance(prev, str) and _HEX64.match(prev))):
        raise bad("prev_sha256")
    changes = m.get("changes")
    if not (isinstance(changes, dict) and _is_int(changes.get("from_seq"), 1)
            and _is_int(changes.get("to_seq"), 1)
            and changes["from_seq"] <= changes["to_seq"]):
        raise bad("changes")
    if not isinstance(m.get("created_at"), str):
        raise bad("created_at")
    counts = m.get("counts")
    if not (isinstance(counts, dict)
            and all(t in TABLES and _is_int(n, 1) for t, n in counts.items())):
        raise bad("counts")
    if not (isinstance(m.get("county_key"), str) and _HEX64.match(m["county_key"])):
        raise bad("county_key")
    key = m.get("key")
    if not (isinstance(key, dict) and key.get("name") == KEY and key.get("alg") == KEY_ALG
            and key.get("size") == keys.WRAPPED_KEY_SIZE and isinstance(key.get("sha256"), str)
            and _HEX64.match(key["sha256"])):
        raise bad("key")
    if m.get("cipher") != CIPHER:
        raise bad("cipher")
    parts = m.get("parts")
    if not isinstance(parts, list) or len(parts) > len(TABLES):
        raise bad("parts")
    seen: set[str] = set()
    for part in parts:
        if not (isinstance(part, dict) and part.get("table") in TABLES
                and part.get("name") == part_name(part["table"])
                and part["table"] not in seen
                and _is_int(part.get("records"), 1)
                and counts.get(part["table"]) == part["records"]
                and _is_int(part.get("size"), NONCE_SIZE + 16)
                and part["size"] <= MAX_PART
                and _is_int(part.get("plain_size"), 1)
                and all(isinstance(part.get(k), str) and _HEX64.match(part[k])
                        for k in ("sha256", "plain_sha256"))):
            raise bad("parts")
        seen.add(part["table"])
    if seen != set(counts):
        raise bad("counts")
    box = m.get("station_box_key")  # optional: stations before it lack the key
    if box is not None and not (isinstance(box, str) and len(box) == 44
                                and re.fullmatch(r"[A-Za-z0-9+/]{43}=", box)):
        raise bad("station_box_key")
    if "program" in m and manifest_program_version(m) is None:
        raise bad("program")
    if "epoch" in m and not _epoch_ok(m["epoch"], m["seq"]):
        raise bad("epoch")


def manifest_program_version(m: Mapping[str, Any]) -> str | None:
    """The program version a manifest names (``program.version``), or None when it names
    none (bundles written before the field existed) or names it badly (not printable text of
    at most ``MAX_PROGRAM_VERSION`` characters)."""
    program = m.get("program")
    value = program.get("version") if isinstance(program, dict) else None
    if not (isinstance(value, str) and 0 < len(value) <= MAX_PROGRAM_VERSION
            and value.isprintable()):
        return None
    return value


def _epoch_ok(e: Any, seq: int) -> bool:
    """The manifest's optional ``epoch`` object: ``number`` ≥ 2, ``reason``, ``started_at``,
    ``first_seq`` (the epoch's first bundle, ≤ ``seq``), ``full_state`` (this bundle carries
    every record), ``previous`` (what the station last knew: ``number``, ``bundle_seq``,
    ``bundle_sha256`` or null, ``acked_bundle_seq``)."""
    if not (isinstance(e, dict) and set(e) == {"number", "reason", "started_at", "first_seq",
                                               "full_state", "previous"}):
        return False
    prev = e["previous"]
    return (_is_int(e["number"], 2) and e["reason"] in EPOCH_REASONS
            and isinstance(e["started_at"], str) and _is_int(e["first_seq"], 1)
            and e["first_seq"] <= seq and isinstance(e["full_state"], bool)
            and isinstance(prev, dict)
            and set(prev) == {"number", "bundle_seq", "bundle_sha256", "acked_bundle_seq"}
            and _is_int(prev["number"], 1) and prev["number"] < e["number"]
            and _is_int(prev["bundle_seq"], 0) and _is_int(prev["acked_bundle_seq"], 0)
            and (prev["bundle_sha256"] is None
                 or (isinstance(prev["bundle_sha256"], str)
                     and bool(_HEX64.match(prev["bundle_sha256"])))))


def verify_signature(raw: RawBundle, public: Ed25519PublicKey) -> None:
    if not keys.verify(public, raw.signature, raw.manifest_bytes):
        raise _refuse(raw.file_name, "站点签名无效（清单或签名被改动，或不是该站点的数据包）")


def decrypt_parts(raw: RawBundle, box: X25519PrivateKey) -> dict[str, bytes]:
    """Every part's plaintext (table → JSON Lines), after checking every hash."""
    m = raw.manifest
    label = raw.file_name
    if keys.fingerprint(box.public_key()) != m["county_key"]:
        raise _refuse(label, "数据包不是用本县级中心的公钥加密的（站点设置的县级中心公钥不符）")
    if sha256(raw.key_blob) != m["key"]["sha256"]:
        raise _refuse(label, "密钥文件 key.bin 的校验值不符（已被改动）")
    station_id = m["station"]["id"]
    data_key = keys.unwrap_key(raw.key_blob, box, key_context(station_id, raw.seq))
    if data_key is None:
        raise _refuse(label, "无法用本县级中心的私钥解开数据包密钥")
    aes = AESGCM(data_key)
    out: dict[str, bytes] = {}
    for part in m["parts"]:
        name = part["name"]
        cipher = raw.parts[name]
        if len(cipher) != part["size"] or sha256(cipher) != part["sha256"]:
            raise _refuse(label, f"{name} 的校验值不符（已被改动或不完整）")
        try:
            plain = aes.decrypt(cipher[:NONCE_SIZE], cipher[NONCE_SIZE:],
                                aad(station_id, raw.seq, name))
        except InvalidTag as exc:
            raise _refuse(label, f"{name} 解密失败（已被改动）") from exc
        if len(plain) != part["plain_size"] or sha256(plain) != part["plain_sha256"]:
            raise _refuse(label, f"{name} 解密后的校验值不符")
        out[part["table"]] = plain
    return out


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def is_int(value: Any, minimum: int = 0) -> bool:
    return _is_int(value, minimum)
