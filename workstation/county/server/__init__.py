"""The county receiver (``county serve``): an HTTP service (Starlette on uvicorn) in front of
the same verified importer as ``county import``. See ``docs/county-server.md``.

Starlette and uvicorn are the optional extra ``server`` (``pip install 'workstation[server]'``):
station installations do not need them. ``missing()`` names what is not installed.
"""

from __future__ import annotations

import importlib.util

INSTALL_HINT = ("县级中心接收服务需要 starlette 和 uvicorn，请先安装："
                "pip install 'workstation[server]'（或 pip install starlette uvicorn）")


def missing() -> list[str]:
    """The packages of the ``server`` extra that are not installed."""
    return [name for name in ("starlette", "uvicorn") if importlib.util.find_spec(name) is None]
