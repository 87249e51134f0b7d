"""A writer killed with SIGKILL mid-batch leaves an intact file holding exactly the committed transactions."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from yc_desktop.store.service import Store

WRITER = """
import sys
from pathlib import Path
from yc_desktop.store.service import Store
raw = dict(items_required=40, items_onboarded=38, cases_total=1000, cases_online_accepted=760,
           cases_online_completed=350, sms_very_satisfied=10, sms_satisfied=5, sms_basically_satisfied=2,
           sms_unsatisfied=1, complaints=3)
store = Store(Path(sys.argv[1]), actor="写入进程")
for unit in store.units():
    store.save_figures(unit.id, 2014, "self", raw)   # one transaction: the record and its ten audit entries
    print(unit.id, flush=True)                        # said only after the commit
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_sigkill_mid_batch(tmp_path: Path) -> None:
    path = tmp_path / "崩溃.db"
    with Store(path) as store:
        store.ensure_year(2014)
        for index in range(3000):
            store.add_unit(f"单位{index:04d}", "镇街")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert writer.stdout is not None
    seen = [writer.stdout.readline() for _ in range(200)]
    assert all(line.strip() for line in seen), "writer stopped early"
    writer.send_signal(signal.SIGKILL)
    rest = writer.stdout.read()
    writer.wait()
    writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    reported = len(seen) + len(rest.split())
    assert reported < 3000, "the writer finished before it was killed; the test proves nothing"

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        records = connection.execute("SELECT COUNT(*) FROM figure_record").fetchone()[0]
        audited = connection.execute("SELECT COUNT(*) FROM audit_entry WHERE actor = '写入进程'").fetchone()[0]
    connection.close()
    # Every transaction that reported its commit is there; at most the one in flight committed unreported.
    assert reported <= records <= reported + 1
    # No torn transaction: each stored record has exactly its ten audit entries.
    assert audited == records * 10
    with Store(path) as store:  # and the program opens it normally
        assert len(store.year_overview(2014)) == 3000
