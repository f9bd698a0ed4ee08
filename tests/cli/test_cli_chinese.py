"""The command line speaks Chinese: ``--help`` of the program, of every subcommand (the
county ones too) and of the desk application, and argparse's error messages."""

from __future__ import annotations

import argparse
import re

import pytest

from tests.latin import latin_words
from workstation.app import parse_args
from workstation.cli.main import build_parser


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found.extend(_parsers(child))
    return found


def _command_tokens(parser: argparse.ArgumentParser) -> set[str]:
    """What the user types literally: command names, option flags, choice values."""
    tokens: set[str] = set()
    for each in _parsers(parser):
        tokens.update(each.prog.split())
        for action in each._actions:
            tokens.update(action.option_strings)
            if action.choices is not None:
                tokens.update(str(c) for c in action.choices)
    return tokens


def _words_left(text: str, tokens: set[str]) -> list[str]:
    text = re.sub(r"--?[A-Za-z][\w-]*", "", text)  # option flags
    text = re.sub(r"\{[^}]*\}", "", text)  # choice lists
    text = re.sub(r"\b[A-Z]+(?:_[A-Z]+)+\b", "", text)  # environment variables
    text = re.sub(r"\b\w+_\w+\b", "", text)  # codes the user types (mediation_agreement)
    text = re.sub(r"\.[a-z]{2,5}\b", "", text)  # file extensions (.wsbak, .xlsx)
    allowed = {part for token in tokens for part in re.findall(r"[A-Za-z0-9]+", token)}
    return latin_words(text, allowed=allowed)


def test_every_help_of_the_command_line_is_chinese() -> None:
    parser = build_parser()
    tokens = _command_tokens(parser)
    parsers = _parsers(parser)
    assert any(p.prog.endswith("county import") for p in parsers)
    for each in parsers:
        text = each.format_help()
        assert text.startswith("用法："), each.prog
        assert "显示此帮助信息并退出" in text
        assert _words_left(text, tokens) == [], (each.prog, text)


def test_help_of_the_desk_application_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--help"])
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：") and "选项" in text
    assert _words_left(text, {"workstation", "app", "db", "demo", "records", "county"}) == []


@pytest.mark.parametrize(("args", "expected"), [
    (["list"], "缺少必需的参数：类别"),
    (["list", "everything"], "取值 'everything' 无效，可选："),
    (["list", "persons", "--limit", "x"], "参数 --limit：取值 'x' 无效"),
    (["stats", "--bogus"], "无法识别的参数：--bogus"),
    (["county", "import", "--db"], "参数 --db：需要一个值"),
    (["frobnicate"], "取值 'frobnicate' 无效"),
])
def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str], args: list[str],
                                  expected: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert "错误：" in err and latin_words(err.split("：", 1)[1], allowed={
        "everything", "x", "bogus", "db", "limit", "frobnicate", "persons", "consultations",
        "mediations", "referrals", "activities", "providers", "screenings", "orders", "init",
        "demo",
        "stats", "list", "print", "report", "backup", "restore", "sync", "passwd", "operators",
        "county", "bench", "committees", "plain", "backups", "audit"}) == []


def test_the_desk_application_refuses_bad_values_in_chinese(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--demo-records", "many"])
    assert "参数 --demo-records：取值 'many' 无效" in capsys.readouterr().err
