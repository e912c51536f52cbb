"""The stack under change: rolling worker restart under load, MariaDB restart, slow uploads that
must not starve metadata requests. Assertions are about success, never about speed."""
import hashlib
import http.client
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def worker_pids(stack) -> dict:
    pids = {}
    for f in sorted((stack.state / "pid").glob("worker-*.pid")):
        pids[f.stem] = f.read_text().strip()
    return pids


def test_rolling_worker_restart_under_load_fails_no_request(stack, blob):
    data, body = blob
    sha = body["sha256"]
    expected = hashlib.sha256(data).hexdigest()
    stop = threading.Event()
    failures, counts = [], []

    def hammer(n):
        s = stack.session()
        done = 0
        while not stop.is_set():
            kind = (n + done) % 4
            try:
                if kind == 0:
                    r = s.get(stack.url("/healthz"), timeout=30)
                    ok = r.status_code == 200
                elif kind == 1:
                    r = s.get(stack.url(f"/_diag/blobs/{sha}"), timeout=30)
                    ok = r.status_code == 200 and hashlib.sha256(r.content).hexdigest() == expected
                elif kind == 2:  # in flight while a worker is told to stop: must be drained
                    r = s.get(stack.url("/_diag/sleep?ms=150"), timeout=30)
                    ok = r.status_code == 200
                else:  # nginx cannot retry a streamed body elsewhere: the upload pool must drain
                    payload = os.urandom(16 * 1024)
                    r = s.put(stack.url("/_diag/blobs"), data=payload, timeout=30)
                    ok = (r.status_code == 201
                          and r.json()["sha256"] == hashlib.sha256(payload).hexdigest())
                if not ok:
                    failures.append(f"{r.request.method} {r.request.path_url}: {r.status_code} "
                                    f"{r.text[:100]!r}")
            except (requests.RequestException, ValueError) as e:
                failures.append(repr(e))
            done += 1
        counts.append(done)

    before = worker_pids(stack)
    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        stack.stack("restart-workers", timeout=240)
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    after = worker_pids(stack)
    assert set(after) == set(before) and len(after) == 2
    assert all(after[k] != before[k] for k in after), (before, after)
    assert failures == [], failures[:10]
    assert sum(counts) > 20


def test_mariadb_restart_needs_no_manual_action(stack):
    assert stack.get("/healthz").status_code == 200
    stack.stack("restart-db", timeout=180)
    deadline = time.monotonic() + 15
    while True:
        try:
            r = stack.get("/healthz", timeout=5)
            if r.status_code == 200:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "/healthz did not recover within 15 s of the restart"
        time.sleep(0.2)

    # Every worker thread holds its own connection: hit enough of them to see that all of them
    # reconnected (a broken connection is retried once, not reported).
    def one(_):
        return stack.get("/healthz").status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses.count(200) == len(statuses), statuses


class SlowUpload(threading.Thread):
    """PUT /_diag/blobs with a declared Content-Length, dribbling the body over ~5 s."""

    def __init__(self, stack, size=64 * 1024, seconds=5.0, pieces=25):
        super().__init__()
        self.stack, self.data = stack, os.urandom(size)
        self.seconds, self.pieces = seconds, pieces
        self.started_sending = threading.Event()
        self.status, self.body, self.error = None, None, None

    def run(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.stack.http_port, timeout=60)
            conn.putrequest("PUT", "/_diag/blobs")
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(len(self.data)))
            conn.endheaders()
            step = -(-len(self.data) // self.pieces)
            for i in range(0, len(self.data), step):
                conn.send(self.data[i:i + step])
                self.started_sending.set()
                time.sleep(self.seconds / self.pieces)
            resp = conn.getresponse()
            self.status, self.body = resp.status, resp.read()
            conn.close()
        except Exception as e:  # reported by the test
            self.error = e
        finally:
            self.started_sending.set()


def test_slow_uploads_do_not_block_metadata_requests(stack):
    n = int(stack.config["uploadThreads"])
    uploads = [SlowUpload(stack) for _ in range(n)]
    for u in uploads:
        u.start()
    for u in uploads:
        u.started_sending.wait(10)
    time.sleep(0.5)

    health = []
    for _ in range(20):
        try:
            health.append(stack.get("/healthz", timeout=2).status_code)
        except requests.RequestException as e:
            health.append(repr(e))
    still_uploading = sum(u.is_alive() for u in uploads)

    for u in uploads:
        u.join(60)
    assert health == [200] * 20, health
    assert still_uploading > 0, "uploads finished before the health checks: test proves nothing"
    for u in uploads:
        assert u.error is None, repr(u.error)
        assert u.status == 201, (u.status, u.body[:200])
        assert json.loads(u.body)["sha256"] == hashlib.sha256(u.data).hexdigest()
