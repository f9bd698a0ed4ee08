"""The referral directory: admin-only changes, CSV import/export (UTF-8 BOM and GBK),
bad rows named by line, and the provider on a consultation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workstation.domain.errors import ValidationError
from workstation.domain.referral import ProviderInput, materials_to_bring
from workstation.services import providers as dirsvc
from workstation.services.auth import add_operator, authenticate
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.providers_csv import HEADER, CsvImportError
from workstation.services.records import load_consultation

CSV_TEXT = (
    "名称,类别,地址,电话,办公时间,服务内容,备注,启用\r\n"
    "河北海港律师事务所,律师事务所,海港区文化路88号,0335-3012345,周一至周五 8:30-17:30,"
    "\"民事代理、合同审查,法律顾问\",,是\r\n"
    "海港区公证处,公证处,海港区建设大街12号,0335-3056789,工作日 9:00-17:00,"
    "继承、委托、声明公证,请先电话预约,\r\n"
    "海港区人民法院,法院,海港区海阳路1号,12368,工作日,立案、诉讼服务,\"诉讼服务中心\n一楼\",否\r\n"
)


def provider(**overrides: Any) -> ProviderInput:
    values: dict[str, Any] = {"name": "海港区法律援助中心", "kind": "legal_aid",
                              "address": "海港区民族路5号", "phone": "0335-3012348",
                              "hours": "工作日 8:30-17:30", "services": "法律援助申请受理"}
    values.update(overrides)
    return ProviderInput(**values)


@pytest.fixture
def mediator(db: Any, actor: Actor) -> Actor:
    add_operator(db, actor, username="lidj", name="李调解", password="mediator-pass-1")
    return authenticate(db, "lidj", "mediator-pass-1")


def test_only_the_admin_changes_the_directory(db: Any, actor: Actor, mediator: Actor,
                                              sql: Any) -> None:
    provider_id = dirsvc.create_provider(db, actor, provider(phone="0335-1234567"))
    for attempt in (
        lambda: dirsvc.create_provider(db, mediator, provider(name="另一家")),
        lambda: dirsvc.update_provider(db, mediator, provider_id, provider(notes="改"),
                                       expected_version=1),
        lambda: dirsvc.import_providers(db, mediator, CSV_TEXT.encode("utf-8-sig")),
    ):
        with pytest.raises(ServiceError, match="只有站点管理员"):
            attempt()
    assert sql.count("referral_provider") == 1
    # Everyone may read it.
    assert [p.name for p in dirsvc.list_providers(db)] == ["海港区法律援助中心"]

    version = dirsvc.update_provider(db, actor, provider_id, provider(active=False),
                                     expected_version=1)
    assert version == 2
    assert dirsvc.list_providers(db, active_only=True) == []
    with pytest.raises(ServiceError, match="已被修改"):
        dirsvc.update_provider(db, actor, provider_id, provider(), expected_version=1)
    with pytest.raises(ServiceError, match="已有名为"):
        dirsvc.create_provider(db, actor, provider())
    assert sql.count("audit_entry", "record_type = 'referral_provider'") == 2


def test_provider_validation() -> None:
    with pytest.raises(ValidationError) as info:
        provider(name="", kind="bank", phone="3012345").validated()
    assert set(info.value.by_field) == {"name", "kind", "phone"}
    cleaned = provider(phone="0335-3012345，12348 ").validated()
    assert cleaned.phone == "0335-3012345、12348"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_import_in_excel_encodings(db: Any, actor: Actor, sql: Any, encoding: str) -> None:
    result = dirsvc.import_providers(db, actor, CSV_TEXT.encode(encoding), "名录.csv")
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    rows = {p.name: p for p in dirsvc.list_providers(db)}
    assert rows["海港区公证处"].kind == "notary" and rows["海港区公证处"].active
    assert rows["海港区人民法院"].kind == "court" and not rows["海港区人民法院"].active
    assert rows["海港区人民法院"].notes == "诉讼服务中心\n一楼"
    assert rows["河北海港律师事务所"].services == "民事代理、合同审查,法律顾问"
    assert sql.count("change_log", "table_name = 'referral_provider'") == 3
    # Importing the same file again changes nothing; a changed row is updated by name.
    again = dirsvc.import_providers(db, actor, CSV_TEXT.encode(encoding), "名录.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = CSV_TEXT.replace("请先电话预约", "周六上午值班")
    third = dirsvc.import_providers(db, actor, changed.encode(encoding), "名录.csv")
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2)
    assert "新增0家，更新1家" in third.message()


def test_csv_export_round_trip(db: Any, actor: Actor, tmp_path: Path, make: Any) -> None:
    dirsvc.import_providers(db, actor, CSV_TEXT.encode("gbk"), "old.csv")
    dirsvc.create_provider(db, actor, provider(name="=HYPERLINK(\"x\")", kind="other",
                                               phone=""))
    out = tmp_path / "export.csv"
    assert dirsvc.export_providers_file(db, actor, out) == 4
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(HEADER).encode("utf-8") + b"\r\n")
    assert "'=HYPERLINK" in raw.decode("utf-8-sig")  # Excel must not run it as a formula
    before = [p.as_input() for p in dirsvc.list_providers(db)]

    # Into a fresh station: the same directory, field by field.
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    other = open_database(tmp_path / "other.db", create=True)
    try:
        admin = init_station(other, make.setup())
        result = dirsvc.import_providers_file(other, admin, out)
        assert result.added == 4
        assert [p.as_input() for p in dirsvc.list_providers(other)] == before
    finally:
        other.dispose()


@pytest.mark.parametrize(("text", "expected"), [
    ("名称,类别,电话\n甲律所,律所,0335-1234567\n乙公证处,银行,\n",
     "第3行：类别“银行”无法识别"),
    ("名称,类别,电话\n甲律所,律所,0335-1234567\n\n丙律所,律所,3012345\n",
     "第4行：电话号码格式不正确"),
    ("名称,类别\n甲律所,律所\n\"乙\n律所\",律所\n甲律所,律所\n",
     "第5行：机构名称“甲律所”与第2行重复"),
    ("名称,类型\n甲律所,律所\n", "第1行：表头中有无法识别的列“类型”"),
    ("名称,类别,启用\n甲律所,律所,也许\n", "第2行：启用一栏应填“是”或“否”"),
    ("名称,类别\n,律所\n", "第2行：请填写机构名称"),
    ("名称,类别\n甲律所,律所,多余\n", "第2行：比表头多出1列"),
    ("", "文件是空的"),
])
def test_bad_rows_are_named_by_line_and_nothing_is_imported(
        db: Any, actor: Actor, sql: Any, text: str, expected: str) -> None:
    dirsvc.create_provider(db, actor, provider())
    before = sql.count("change_log")
    with pytest.raises(CsvImportError) as info:
        dirsvc.import_providers(db, actor, text.encode("utf-8-sig"), "县名录.csv")
    message = str(info.value)
    assert expected in message, message
    assert message.startswith("“县名录.csv”未导入（名录未作任何改动）")
    assert "\n" not in message
    assert sql.count("referral_provider") == 1 and sql.count("change_log") == before


def test_all_or_nothing_when_a_later_row_is_bad(db: Any, actor: Actor, sql: Any) -> None:
    good = "".join(f"律所{i},律所,0335-30{i:05d}\n" for i in range(50))
    text = "名称,类别,电话\n" + good + "坏机构,律所,999\n"
    with pytest.raises(CsvImportError, match="第52行"):
        dirsvc.import_providers(db, actor, text.encode("gbk"))
    assert sql.count("referral_provider") == 0


def test_binary_file_is_refused(db: Any, actor: Actor) -> None:
    with pytest.raises(CsvImportError, match="不是文本格式"):
        dirsvc.import_providers(db, actor, b"PK\x03\x04\x00\x00binary xlsx", "名录.xlsx")


def test_consultation_keeps_the_chosen_provider(db: Any, actor: Actor, make: Any) -> None:
    notary = dirsvc.create_provider(db, actor, provider(name="海港区公证处", kind="notary"))
    consultation_id = register_consultation(db, actor, make.consultation(
        topic="inheritance", handling_result="to_notary", answer="", provider_id=notary))
    detail = load_consultation(db, consultation_id)
    assert detail.provider is not None and detail.provider.name == "海港区公证处"
    assert detail.referred_to == "海港区公证处"
    # 转其他部门 needs a receiving body: a provider from the directory names it.
    other = dirsvc.create_provider(db, actor, provider(name="海港区信访局", kind="petition"))
    consultation_id = register_consultation(db, actor, make.consultation(
        handling_result="to_department", answer="", provider_id=other))
    assert load_consultation(db, consultation_id).referred_to == "海港区信访局"
    # A provider is not kept for a consultation answered on the spot.
    answered = register_consultation(db, actor, make.consultation(provider_id=notary))
    assert load_consultation(db, answered).provider is None
    dirsvc.update_provider(db, actor, notary, provider(name="海港区公证处", kind="notary",
                                                       active=False), expected_version=1)
    with pytest.raises(ServiceError, match="已停用"):
        register_consultation(db, actor, make.consultation(
            handling_result="to_notary", answer="", provider_id=notary))


def test_materials_to_bring_follow_kind_and_topic() -> None:
    notary = materials_to_bring("notary", "inheritance")
    assert notary[0].startswith("本人居民身份证") and notary[-1] == "本指引单"
    assert "被继承人死亡证明" in notary and "户口簿" in notary
    arbitration = materials_to_bring("arbitration", "wages")
    assert any("工资条" in m for m in arbitration)
    assert materials_to_bring("unknown-kind")[1] == "与办理事项有关的证明材料"


def test_csv_export_neutralises_every_formula_start(db: Any, actor: Actor, tmp_path: Path,
                                                   make: Any) -> None:
    import csv

    hostile = {"name": "-2+3 法律服务所", "address": "@SUM(A1)", "phone": "",
               "hours": "=1+1", "services": "-", "notes": "\t=cmd"}
    dirsvc.create_provider(db, actor, provider(**hostile))
    [source] = dirsvc.list_providers(db)
    out = tmp_path / "export.csv"
    assert dirsvc.export_providers_file(db, actor, out) == 1
    with open(out, encoding="utf-8-sig", newline="") as handle:
        [header, row] = list(csv.reader(handle))
    assert header == list(HEADER)
    for field in row:
        assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field
    assert "'-2+3 法律服务所" in row and "'@SUM(A1)" in row and "'-" in row
    # Imported again, the texts come back as they were.
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    other = open_database(tmp_path / "other.db", create=True)
    try:
        admin = init_station(other, make.setup())
        dirsvc.import_providers_file(other, admin, out)
        [back] = dirsvc.list_providers(other)
        assert back.as_input() == source.as_input()
        assert (back.name, back.address, back.hours, back.services) == (
            hostile["name"], hostile["address"], hostile["hours"], hostile["services"])
    finally:
        other.dispose()
