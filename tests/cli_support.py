"""The command line in-process: ``workstation.cli.main.main(argv)`` as a subprocess would see it.

A ``python -m workstation`` subprocess costs an interpreter start, the imports and Argon2 at its
real cost (the KDF that the test session makes cheap, ``tests/conftest.py``, does not reach a
child process). ``run_workstation`` gives the command the same inputs instead: its arguments,
standard input (not a terminal), the environment, the working folder. It returns what the
subprocess would: exit code, standard output, standard error. An exception that escapes
``main`` becomes exit code 1 and a traceback on standard error, as in a child process, so the
tests' "no Traceback" checks keep their meaning. A few tests still start real subprocesses
(``tests/cli/test_cli.py``'s smoke tests) to cover ``python -m workstation`` itself.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path

from workstation.cli.main import main


class _Stdin(io.StringIO):
    """Piped standard input: not a terminal (the CLI then reads passwords line by line)."""

    def isatty(self) -> bool:
        return False


def run_workstation(args: Sequence[str], *, input: str = "",
                    env: Mapping[str, str] | None = None, cwd: Path | str | None = None
                    ) -> subprocess.CompletedProcess[str]:
    """Runs ``workstation ARGS`` in this process; environment, folder and streams restored."""
    saved_env = os.environ.copy()
    saved_cwd = os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    code: int
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = _Stdin(input), out, err
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors, --help
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=err)
                code = 1
        except Exception:  # reported as a child process would report it
            traceback.print_exc(file=err)
            code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["workstation", *args], code, out.getvalue(),
                                       err.getvalue())
