"""Child process of the fault tests: registers consultations in a loop on an existing database.

Usage: ``python tests/faults/_writer.py DB_PATH TAG [COUNT]`` (COUNT 0 = forever); logs in
as ``admin`` with the password in ``WORKSTATION_PASSWORD``.

Prints ``READY`` once the database is open (with ``WORKSTATION_FAULT_HOLD=1`` it then waits
for a line on standard input: the two-instance test starts both writers at once), then one
line ``SAVED <id> <number> <tag>`` per consultation, written and flushed only AFTER
``register_consultation`` returned: that is the moment a user would have been told "saved".
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta


def main(argv: list[str]) -> int:
    from workstation.domain.inputs import ConsultationInput, PersonInput
    from workstation.services.consultations import register_consultation
    from workstation.services.security import unlock_station
    from workstation.storage.models import Consultation

    path, tag = argv[0], argv[1]
    count = int(argv[2]) if len(argv) > 2 else 0
    # Log in as the app does (key slot -> data key -> encrypted database).
    station = unlock_station(path, "admin", os.environ.get("WORKSTATION_PASSWORD", ""))
    db, actor = station.db, station.actor
    print("READY", flush=True)
    if os.environ.get("WORKSTATION_FAULT_HOLD") == "1":
        sys.stdin.readline()  # line two writers up (two-instance test)
    i = 0
    while count == 0 or i < count:
        i += 1
        data = ConsultationInput(
            occurred_at=datetime.now(UTC) - timedelta(minutes=1),
            channel="walk_in", topic="wages",
            question=f"{tag} 第{i}次咨询：老板拖欠工资怎么办？",
            handling_result="answered", answer="可申请劳动仲裁。",
            person=PersonInput(name=f"测试{tag}{i}"),
        )
        record_id = register_consultation(db, actor, data)
        with db.read() as session:
            number = session.get_one(Consultation, record_id).number
        print(f"SAVED {record_id} {number} {tag}", flush=True)
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
