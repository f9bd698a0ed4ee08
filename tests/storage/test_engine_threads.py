"""Encrypted databases are used from several worker threads at once (the app's task pools)."""

from __future__ import annotations

import threading

from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from workstation.storage.engine import Database


def test_many_threads_share_an_encrypted_engine(db: Database, actor: object) -> None:
    assert isinstance(db.engine.pool, QueuePool)  # not SingletonThreadPool (pysqlcipher's)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                with db.read() as session:
                    assert session.execute(text("SELECT count(*) FROM operator")).scalar() == 1
        except BaseException as exc:
            errors.append(exc)

    # More threads than SingletonThreadPool's five: it closed other threads' connections.
    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
