"""The directory CSV file a county hands to its stations (and a station exports).

Header row (Chinese, any column order; 名称 and 类别 required, the others optional)::

    名称,类别,地址,电话,办公时间,服务内容,备注,启用

类别 is a kind's label (律师事务所, 公证机构, 司法鉴定机构, 法律援助中心, 人民法院, 仲裁委员会,
信访部门, 其他), its code, or a common short name (律所, 公证处, 法院, 信访局 ...). 启用 is 是/否
(empty = 是). Files are read as UTF-8 (with or without the BOM Excel writes) or, failing
that, as GBK/GB 18030 (older Excel versions). Written as UTF-8 with BOM and CRLF.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workstation.domain.errors import ValidationError
from workstation.domain.referral import ProviderInput, ProviderKind, parse_kind
from workstation.domain.spreadsheet import neutralise, unneutralise

from .context import ServiceError

HEADER = ("名称", "类别", "地址", "电话", "办公时间", "服务内容", "备注", "启用")
FIELD_OF = {"名称": "name", "类别": "kind", "地址": "address", "电话": "phone",
            "办公时间": "hours", "服务内容": "services", "备注": "notes", "启用": "active"}
REQUIRED = ("名称", "类别")
YES = {"", "是", "启用", "1", "y", "yes", "true", "有效"}
NO = {"否", "停用", "0", "n", "no", "false", "无效"}
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
#: Problems listed in one message (the rest are counted).
MAX_LISTED = 8
BOM = "\ufeff"


class CsvImportError(ServiceError):
    """A directory file that cannot be imported; ``problems`` are (line, message) pairs."""

    def __init__(self, file_name: str, problems: Sequence[tuple[int, str]]) -> None:
        self.problems = list(problems)
        listed = "；".join(f"第{line}行：{message}" if line else message
                          for line, message in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            listed += f"；另有{more}处问题"
        name = f"“{file_name}”" if file_name else "文件"
        super().__init__(f"{name}未导入（名录未作任何改动）：{listed}")


def oversized(file_name: str) -> CsvImportError:
    """The refusal of a file over ``MAX_FILE_BYTES`` (callers reading a file check its size
    before reading it, and read at most the cap + 1 byte)."""
    return CsvImportError(Path(file_name).name, [(0, f"文件超过{MAX_FILE_BYTES >> 20} MB")])


def decode(raw: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), else GB 18030 (a superset of GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _unescape(cell: str) -> str:
    return unneutralise(cell.strip())


def parse_csv(raw: bytes, file_name: str = "") -> list[tuple[int, ProviderInput]]:
    """(line number, validated provider) for every data row; ``CsvImportError`` naming each
    bad line (and nothing returned) when any row is wrong."""
    name = Path(file_name).name
    if len(raw) > MAX_FILE_BYTES:
        raise oversized(name)
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        raise CsvImportError(name, [(0, "无法识别文件编码，请另存为“CSV UTF-8（逗号分隔）”"
                                       "后再导入")]) from None
    if "\x00" in text:
        raise CsvImportError(name, [(0, "不是文本格式的 CSV 文件，请在 Excel 中另存为"
                                       "“CSV UTF-8（逗号分隔）”后再导入")])
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[tuple[int, str]] = []
    header: list[str] | None = None
    entries: list[tuple[int, ProviderInput]] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lstrip(BOM) for c in cells]
                problems += _check_header(header, start)
                if problems:
                    break
                continue
            if len(entries) >= MAX_ROWS:
                problems.append((start, f"超过{MAX_ROWS}行，请分成几个文件导入"))
                break
            entry = _row(header, cells, start, problems)
            if entry is None:
                continue
            earlier = seen.get(entry.name)
            if earlier is not None:
                problems.append((start, f"机构名称“{entry.name}”与第{earlier}行重复"))
                continue
            seen[entry.name] = start
            entries.append((start, entry))
    except csv.Error as exc:
        problems.append((line, f"CSV 格式错误（{exc}）"))
    if header is None and not problems:
        problems.append((0, "文件是空的，第一行应为表头：" + ",".join(HEADER)))
    if problems:
        raise CsvImportError(name, problems)
    return entries


def _check_header(header: list[str], line: int) -> list[tuple[int, str]]:
    problems = []
    unknown = [h for h in header if h and h not in FIELD_OF]
    if unknown:
        problems.append((line, f"表头中有无法识别的列“{unknown[0]}”，表头应为："
                               + ",".join(HEADER)))
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        problems.append((line, f"表头缺少“{missing[0]}”列，表头应为：" + ",".join(HEADER)))
    duplicated = [h for h in FIELD_OF if header.count(h) > 1]
    if duplicated:
        problems.append((line, f"表头中“{duplicated[0]}”列重复"))
    return problems


def _row(header: list[str], cells: list[str], line: int,
         problems: list[tuple[int, str]]) -> ProviderInput | None:
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        problems.append((line, f"比表头多出{len(cells) - len(header)}列（内容中的逗号请用"
                               "英文双引号括起来）"))
        return None
    values: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=False):
        if column:
            values[FIELD_OF[column]] = _unescape(cell)
    kind_text = values.get("kind", "")
    kind = parse_kind(kind_text)
    if kind is None and kind_text:
        problems.append((line, f"类别“{kind_text}”无法识别，应为："
                               + "、".join(k.label for k in ProviderKind)))
        return None
    values["kind"] = kind.value if kind else ""
    active = values.get("active", "").lower()
    if active not in YES and active not in NO:
        problems.append((line, f"启用一栏应填“是”或“否”，现为“{values['active']}”"))
        return None
    values["active"] = active not in NO
    try:
        return ProviderInput(**values).validated()
    except ValidationError as exc:
        problems.append((line, "；".join(exc.messages)))
        return None


def encode_csv(providers: Sequence[Any]) -> bytes:
    """The providers (objects with the fields of ``ProviderInput`` and ``kind_label``) as
    CSV bytes: UTF-8 with BOM, CRLF line ends, the Chinese header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for p in providers:
        writer.writerow([neutralise(v) for v in (
            p.name, ProviderKind.label_of(p.kind), p.address, p.phone, p.hours, p.services,
            p.notes, "是" if p.active else "否")])
    return (BOM + buffer.getvalue()).encode("utf-8")


def write_file_atomically(path: Path, data: bytes) -> None:
    """Temporary file beside ``path``, fsync, rename: never a half-written file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
