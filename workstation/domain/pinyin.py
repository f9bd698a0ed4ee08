"""Pinyin search keys for personal names (pure Python: no Qt, no SQLAlchemy).

``name_keys("张三")`` gives ``NameKeys(initials=("zs",), full=("zhangsan",))`` and
``search_text("张三")`` gives ``"zs zhangsan"``, to store in a column that is searched with
``LIKE 'zs%'`` or ``LIKE '%zhang%'``.

Rules (see also /work/shared/NOTES.md, "Chinese text"):

* The surname (first one or two characters) is read from ``_SURNAMES``: pypinyin's default
  reading is wrong for many surnames (单 dan, 曾 ceng, 解 jie, 仇 chou, 朴 pu, 区 qu ...). The
  correct surname reading comes first; pypinyin's default reading is then added as a secondary
  variant so that users who type the common (wrong) reading still find the person. Exception:
  ``_SURNAME_NO_DEFAULT`` (曾 is always "zeng" as a surname).
* A first character that is not in the table gets pypinyin's default reading only (right for
  common surnames; their other dictionary readings are noise: 王 yu, 许 hu, 冯 ping ...).
* Every other character: pypinyin with ``heteronym=True``, at most ``MAX_READINGS_PER_CHAR``
  readings (the default reading first).
* At most ``MAX_VARIANTS`` initials strings and ``MAX_VARIANTS`` full strings. Variants are
  chosen with the fewest departures from the preferred reading first, so a heteronym surname
  (乐 yue/le) is never crowded out by the given name's heteronyms.
* Full pinyin is toneless, without spaces; ü is written "v" (lv, nv), as Chinese IMEs expect.
* Latin letters are kept, lowercased and stripped of accents (NFKC first, so full-width letters
  work); a run of letters is one word (initial = its first letter). Digits, spaces, "·" and
  any other punctuation are separators and contribute nothing.
* CJK characters pypinyin does not know (e.g. 𠮷 U+20BB7) contribute nothing: they are
  skipped, so "𠮷祥" gives ("x",) / ("xiang",). Every key is therefore lowercase ASCII letters.
* Only the first ``MAX_TOKENS`` syllables/words of a name are used.

Speed: readings are cached per character (functools.lru_cache). Measured on the 2-core dev VM,
Python 3.11, pypinyin 0.55, after warm-up: 4-15 µs per 2-3 character name (张三 4.3 µs,
欧阳修 4.8 µs, 王小明 7.5 µs, 单雄信 14 µs; 阿依古丽·买买提 20 µs); search_text adds ~0.6 µs.
A character's first lookup costs ~13 µs; the first call imports pypinyin (~130 ms).
"""

from __future__ import annotations

import heapq
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_READINGS_PER_CHAR",
    "MAX_TOKENS",
    "MAX_VARIANTS",
    "NameKeys",
    "looks_like_pinyin_query",
    "name_keys",
    "search_text",
]

MAX_VARIANTS = 8
MAX_READINGS_PER_CHAR = 2
MAX_TOKENS = 40
_MAX_QUERY_LEN = 30


@dataclass(frozen=True)
class NameKeys:
    """Search keys of one name; the first entry of each tuple is the preferred reading."""

    initials: tuple[str, ...]
    full: tuple[str, ...]


# Surname readings, the correct one first. "a|b" lists alternatives for one character; a space
# separates the characters of a compound surname. pypinyin's default reading is appended
# automatically (unless listed in _SURNAME_NO_DEFAULT).
_SURNAMES: dict[str, str] = {
    # --- single-character surnames whose reading differs from pypinyin's default ---
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "尉": "wei",
    "乐": "yue|le",
    "秘": "bi",
    "种": "chong",
    "折": "she",
    "员": "yun",
    "召": "shao",
    "繁": "po",
    "句": "gou",
    "翟": "zhai",
    "黑": "he",
    "宁": "ning",
    "任": "ren",
    "华": "hua",
    "纪": "ji",
    "薄": "bo",
    "柏": "bai",
    "燕": "yan",
    "沈": "shen",
    "长": "chang",
    "万": "wan",
    "于": "yu",
    "令": "ling",
    "能": "nai",
    "阚": "kan",
    "隗": "wei",
    "逄": "pang",
    "冼": "xian",
    "洗": "xian",
    "晟": "cheng",
    "莘": "shen",
    "谌": "chen|shen",
    "瞿": "qu",
    "重": "chong",
    "都": "du",
    "车": "che",
    "贾": "jia",
    "叶": "ye",
    "隽": "juan",
    "卜": "bu",
    "伯": "bo",
    "角": "jue",
    "费": "fei",
    "行": "xing",
    "朝": "chao",
    "郇": "huan",
    "啜": "chuai",
    "蕃": "pi",
    "祭": "zhai",
    "乜": "nie",
    "粘": "nian",
    "褚": "chu",
    "佴": "nai",
    "寻": "xun",
    "盛": "sheng",
    "殷": "yin",
    "强": "qiang",
    "和": "he",
    "牟": "mou|mu",
    # traditional forms of the most common ones
    "單": "shan",
    "區": "ou",
    "樂": "yue|le",
    "蓋": "ge",
    "繆": "miao",
    "種": "chong",
    "員": "yun",
    "長": "chang",
    # --- compound (double-character) surnames ---
    "欧阳": "ou yang",
    "司马": "si ma",
    "诸葛": "zhu ge",
    "上官": "shang guan",
    "东方": "dong fang",
    "皇甫": "huang fu",
    "尉迟": "yu|wei chi",
    "公孙": "gong sun",
    "慕容": "mu rong",
    "令狐": "ling hu",
    "长孙": "chang|zhang sun",
    "宇文": "yu wen",
    "司徒": "si tu",
    "司空": "si kong",
    "夏侯": "xia hou",
    "轩辕": "xuan yuan",
    # 单于 (chanyu) is very rare today; "shan"/"dan" cover 单 + given name 于.
    "单于": "chan|shan|dan yu",
    "万俟": "mo|wan qi",
    "端木": "duan mu",
    "西门": "xi men",
    "南宫": "nan gong",
    "闻人": "wen ren",
    "澹台": "tan|dan tai",
    "公冶": "gong ye",
    "宗政": "zong zheng",
    "濮阳": "pu yang",
    "淳于": "chun yu",
    "太叔": "tai shu",
    "申屠": "shen tu",
    "公羊": "gong yang",
    "赫连": "he lian",
    "钟离": "zhong li",
    "羊舌": "yang she",
    "微生": "wei sheng",
    "呼延": "hu yan",
    "拓跋": "tuo ba",
    "完颜": "wan yan",
    "百里": "bai li",
    "东郭": "dong guo",
    "南门": "nan men",
    "第五": "di wu",
    "左丘": "zuo qiu",
    "梁丘": "liang qiu",
    "亓官": "qi guan",
    "子车": "zi ju|che",
    "颛孙": "zhuan sun",
    "谷梁": "gu liang",
    "乐正": "yue|le zheng",
    "巫马": "wu ma",
    "公西": "gong xi",
    "漆雕": "qi diao",
    "壤驷": "rang si",
    "段干": "duan gan",
    "仲孙": "zhong sun",
    "鲜于": "xian yu",
    "闾丘": "lv qiu",
    "东门": "dong men",
    "公良": "gong liang",
    "歐陽": "ou yang",
    "司馬": "si ma",
    "諸葛": "zhu ge",
    "尉遲": "yu|wei chi",
    "長孫": "chang|zhang sun",
    "單于": "chan|shan|dan yu",
}

# Surname characters whose pypinyin default is not added as a secondary variant.
_SURNAME_NO_DEFAULT = frozenset({"曾"})


@lru_cache(maxsize=1)
def _pinyin_fn():
    """pypinyin, imported on first use (keeps application start-up fast).

    Only single characters are converted here, so pypinyin's phrase dictionary (~400,000
    words, 44 MB and 0.3 s to load) is never consulted: ``PYPINYIN_NO_PHRASES`` skips loading
    it. Readings of every character in the basic block and Ext A are identical either way.
    """
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    def readings(ch: str) -> list[str]:
        # Unknown characters come back unchanged; the caller drops them.
        result = pinyin(ch, style=Style.NORMAL, heteronym=True)
        return result[0] if result else []

    return readings


def _ascii_word(s: str) -> str:
    """Lowercase ASCII letters of ``s`` (accents stripped); "" if none."""
    if s.isascii():
        return "".join(c for c in s if c.isalpha()).lower()
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


@lru_cache(maxsize=16384)
def _char_readings(ch: str) -> tuple[str, ...]:
    """All pypinyin readings of a CJK character (default first), ASCII only; () if unknown."""
    readings = _pinyin_fn()
    try:
        raw = readings(ch)
    except Exception:  # pragma: no cover - defensive: pypinyin must never break a search key
        return ()
    out: list[str] = []
    for r in raw:
        w = _ascii_word(r) if r != ch else ""
        if w and w not in out:
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=16384)
def _given_readings(ch: str) -> tuple[str, ...]:
    return _char_readings(ch)[:MAX_READINGS_PER_CHAR]


@lru_cache(maxsize=1024)
def _surname_positions(prefix: str) -> tuple[tuple[str, ...], ...]:
    """Readings per character of a surname in ``_SURNAMES`` (correct first, then default)."""
    parts = _SURNAMES[prefix].split(" ")
    positions: list[tuple[str, ...]] = []
    for ch, part in zip(prefix, parts, strict=True):
        alts = part.split("|")
        default = _char_readings(ch)[:1]
        if ch not in _SURNAME_NO_DEFAULT:
            alts += [d for d in default if d not in alts]
        positions.append(tuple(alts))
    return tuple(positions)


def _is_letter(ch: str) -> bool:
    if ch.isascii():
        return ch.isalpha()
    return ch.isalpha() and bool(_ascii_word(ch)) and not _char_readings(ch)


def _tokenize(name: str) -> list[tuple[str, ...]]:
    """One tuple of alternative readings per syllable (CJK character) or Latin word."""
    text = unicodedata.normalize("NFKC", name)
    positions: list[tuple[str, ...]] = []
    i, n = 0, len(text)
    # skip leading separators so that the surname table sees the first real character
    while i < n and not text[i].isalpha():
        i += 1
    if i + 1 < n and text[i : i + 2] in _SURNAMES:
        positions.extend(_surname_positions(text[i : i + 2]))
        i += 2
    elif i < n and text[i] in _SURNAMES:
        positions.extend(_surname_positions(text[i]))
        i += 1
    elif i < n:
        # Any other first character: pypinyin's default reading only. It is right for common
        # surnames, whose extra dictionary readings are noise (王 yu, 陈 -, 许 hu, 冯 ping ...).
        first = _char_readings(text[i])[:1]
        if first:
            positions.append(first)
            i += 1
    while i < n and len(positions) < MAX_TOKENS:
        ch = text[i]
        if _is_letter(ch):
            j = i + 1
            while j < n and _is_letter(text[j]):
                j += 1
            word = _ascii_word(text[i:j])
            if word:
                positions.append((word,))
            i = j
            continue
        r = _given_readings(ch)
        if r:
            positions.append(r)
        i += 1
    return positions[:MAX_TOKENS]


def _best_variants(positions: list[tuple[str, ...]], limit: int) -> tuple[str, ...]:
    """Up to ``limit`` distinct concatenations, fewest non-preferred readings first."""
    if not positions:
        return ()
    ambiguous = [k for k, p in enumerate(positions) if len(p) > 1]
    base = [p[0] for p in positions]
    if not ambiguous:
        return ("".join(base),)
    # Best-first enumeration over index vectors of the ambiguous positions, ordered by the sum
    # of reading indices, ties going to departures at earlier positions (the surname): the
    # heap key holds the negated vector. Deterministic and O(limit * n).
    sizes = [len(positions[k]) for k in ambiguous]
    m = len(ambiguous)
    start = (0,) * m
    heap: list[tuple[int, tuple[int, ...]]] = [(0, start)]
    seen = {start}
    out: dict[str, None] = {}
    while heap and len(out) < limit:
        rank, neg = heapq.heappop(heap)
        parts = base[:]
        for a, k in enumerate(ambiguous):
            parts[k] = positions[k][-neg[a]]
        out["".join(parts)] = None
        for a in range(m):
            if 1 - neg[a] < sizes[a]:
                nxt = (*neg[:a], neg[a] - 1, *neg[a + 1 :])
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (rank + 1, nxt))
    return tuple(out)


def name_keys(name: str) -> NameKeys:
    """Initials and full-pinyin search keys of a name (see module docstring for the rules)."""
    positions = _tokenize(name or "")
    if not positions:
        return NameKeys((), ())
    initials_pos: list[tuple[str, ...]] = []
    for p in positions:
        firsts = tuple(dict.fromkeys(r[0] for r in p))
        initials_pos.append(firsts)
    return NameKeys(
        initials=_best_variants(initials_pos, MAX_VARIANTS),
        full=_best_variants(positions, MAX_VARIANTS),
    )


def search_text(name: str) -> str:
    """All keys of ``name`` (initials first, then full pinyin), space-separated, no duplicates."""
    keys = name_keys(name)
    return " ".join(dict.fromkeys(keys.initials + keys.full))


def looks_like_pinyin_query(q: str) -> bool:
    """True if ``q`` is 1-30 ASCII letters (no spaces, digits or other characters)."""
    return 1 <= len(q) <= _MAX_QUERY_LEN and q.isascii() and q.isalpha()
