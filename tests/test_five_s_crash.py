"""An audit killed mid-way (a real process, SIGKILL) loses no answer it was told was
saved, and the draft is there to resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from leantui.core.db.engine import Database
from leantui.core.five_s import audits
from leantui.core.services import workspace

pytestmark = pytest.mark.both_engines

AUDITOR = r"""
import sys
from leantui.core.db.opening import open_database
from leantui.core.five_s import audits

db, _ = open_database(sys.argv[1])
audit = audits.start_audit(db, int(sys.argv[2]), "王伟")
print("audit", audit.id, flush=True)
for n, item in enumerate(audits.items_of(db, audit.id)):
    audits.answer(db, item.id, n % 6)
    print("saved", item.id, flush=True)   # the answer is committed before this line
sys.stdin.readline()                      # wait to be killed
"""


def test_a_killed_audit_keeps_every_saved_answer_and_resumes(db: Database, target: str) -> None:
    area = workspace.create_area(db, "Press shop").id
    proc = subprocess.Popen(
        [sys.executable, "-c", AUDITOR, target, str(area)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    audit_id = int(proc.stdout.readline().split()[1])
    saved = []
    while len(saved) < 12:  # kill it in the middle of the audit
        line = proc.stdout.readline()
        assert line.startswith("saved"), proc.stderr.read() if proc.stderr else line
        saved.append(int(line.split()[1]))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert audits.draft_of(db, area) == audit_id
    items = audits.items_of(db, audit_id)
    answered = {i.id: i.score for i in items if i.answered}
    assert set(saved) <= set(answered)
    for n, item in enumerate(items):
        if item.id in saved:
            assert answered[item.id] == n % 6
    # Resume: answer the rest and finish.
    for item in items:
        if not item.answered:
            audits.answer(db, item.id, 5)
    audits.finish(db, audit_id)
    result = audits.result(db, audit_id)
    assert result.audit.status == "finished" and result.answered == len(items)
