"""Event delivery when things go wrong (issue 16): a receiver down for a minute, a dispatcher
killed with SIGKILL in the middle of a delivery, and two dispatchers sharing the work. At least
once: nothing is lost; a duplicate carries the same event id (eventDeduplicationId)."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from cp_support import unique
from webhook_support import Receiver, Script, receiver, wired  # noqa: F401 (fixtures)


def dispatcher_pids(stack) -> list[int]:
    pids = []
    for f in sorted(Path(stack.state, "pid").glob("dispatcher-*.pid")):
        text = f.read_text().strip()
        if text.isdigit():
            pids.append(int(text))
    return pids


def attempts_made(cp, account: str, package: str) -> int:
    rows = cp.sql(f"SELECT COALESCE(SUM(attempts), 0) FROM event_deliveries WHERE account_id = '{account}' "
                  f"AND body LIKE '%\"packageName\":\"{package}\"%'")
    return int(rows[0][0])


def test_receiver_down_for_a_minute_then_up_gets_every_event(cp, wired):
    down, usual = Receiver(), wired.receiver
    try:
        package = unique("p")
        path = "/down-" + package
        wired.receiver = down
        wired.rule(path, wired.package_pattern(package))
        down.stop()
        versions = ["1.0", "1.1", "1.2"]
        for version in versions:
            wired.publish(package, version)
        deadline = time.time() + 30
        while attempts_made(cp, wired.account, package) < 2 * len(versions):  # refused, retried
            assert time.time() < deadline, "the dispatcher made no retries while the receiver was down"
            time.sleep(0.2)
        time.sleep(60 - 1)  # the receiver stays down for a minute
        down.start()
        got = down.wait(path, len(versions), timeout=30)
        assert sorted({r.json["detail"]["packageVersion"] for r in got}) == versions
        assert cp.sql(f"SELECT COUNT(*) FROM event_deliveries WHERE account_id = '{wired.account}' AND state = 'DEAD'") == [["0"]]
    finally:
        wired.receiver = usual
        down.stop()


def test_dispatcher_killed_mid_delivery_loses_nothing(stack, cp, wired, receiver):
    package = unique("p")
    path = "/killed-" + package
    receiver.scripts[path] = Script(delay=2)
    wired.rule(path, wired.package_pattern(package))
    wired.publish(package, "1.0")
    receiver.wait_started(path)
    for pid in dispatcher_pids(stack):
        os.kill(pid, signal.SIGKILL)
    receiver.scripts[path] = Script()
    stack.stack("up")  # starts the dispatcher again
    # The killed attempt's transaction rolled back: the delivery is made again, whole.
    got = receiver.wait(path, 2, timeout=60)
    assert len({r.json["id"] for r in got}) == 1
    assert got[0].body == got[1].body
    rows = cp.sql(f"SELECT state FROM event_deliveries WHERE account_id = '{wired.account}' AND body LIKE '%{package}%'")
    assert rows == [["DELIVERED"]]


def test_two_dispatchers_share_the_work_and_lose_nothing(stack, cp, wired, receiver):
    stack.env["GRANARY_DISPATCHERS"] = "2"
    try:
        stack.stack("up")
        assert len(dispatcher_pids(stack)) == 2
        package = unique("p")
        path = "/pair-" + package
        wired.rule(path, wired.package_pattern(package))
        versions = [f"1.0.{n}" for n in range(40)]
        for version in versions:
            wired.publish(package, version)
        got = receiver.wait(path, len(versions), timeout=60)
        by_id: dict = {}
        for r in got:
            by_id.setdefault(r.json["id"], []).append(r.body)
        assert sorted(json_version(b[0]) for b in by_id.values()) == sorted(versions)
        assert all(len(set(bodies)) == 1 for bodies in by_id.values()), "a duplicate is the same event"
        workers = cp.sql(f"SELECT COUNT(*) FROM event_deliveries WHERE account_id = '{wired.account}' AND state = 'DELIVERED' "
                         f"AND body LIKE '%{package}%'")
        assert workers == [[str(len(versions))]]
    finally:
        stack.env.pop("GRANARY_DISPATCHERS", None)
        stack.stack("up")
    assert len(dispatcher_pids(stack)) == 1


def json_version(body: bytes) -> str:
    import json
    return json.loads(body)["detail"]["packageVersion"]
