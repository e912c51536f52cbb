"""A 100 MB tarball through the real npm client: `npm publish` sends it base64 inside one JSON
body (~135 MB); the worker reads that body once, decodes the attachment straight into the blob
store, and the tarball comes back byte for byte through `npm pack` from the registry. The worker's
peak memory stays near one copy of the body (checked from /proc, with a generous margin)."""
import hashlib
import json
import os
import re
from pathlib import Path

import pytest

pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import ok, output  # noqa: E402

SIZE = 100 * 1024 * 1024


def worker_peak_rss_kb(stack) -> list[int]:
    """VmHWM (peak resident set) of every `granary serve` process of this stack."""
    peaks = []
    for pid_file in Path(stack.state).glob("pid/worker-*.pid"):
        status = Path(f"/proc/{pid_file.read_text().strip()}/status")
        if status.exists():
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
            peaks.append(int(match.group(1)))
    return peaks


def test_a_100_mb_tarball_publishes_and_comes_back_intact(repository, clients, tmp_path):
    package = tmp_path / "big"
    package.mkdir()
    (package / "package.json").write_text(json.dumps({"name": "granary-big", "version": "1.0.0", "license": "MIT"}))
    # Random bytes do not compress: the tarball is ~100 MB.
    with open(package / "blob.bin", "wb") as out:
        for _ in range(SIZE // (1 << 20)):
            out.write(os.urandom(1 << 20))
    client = clients()
    client.login("npm")
    proc = ok(client.npm("publish", cwd=package, timeout=600))
    assert "+ granary-big@1.0.0" in output(proc)

    packed = ok(client.npm("pack", "granary-big@1.0.0", "--json", cwd=tmp_path, timeout=600))
    info = json.loads(packed.stdout)[0]
    tarball = tmp_path / info["filename"]
    assert tarball.stat().st_size > SIZE
    view = client.npm_json("view", "granary-big@1.0.0", "dist")
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    assert view["shasum"] == digest
    assert repository.versions("npm", "granary-big") == {"1.0.0": "Published"}

    # The body once (~135 MB) plus the worker's own footprint; a second copy would pass 270 MB.
    peaks = worker_peak_rss_kb(repository.stack)
    assert peaks, "no worker pid files found"
    assert max(peaks) < 250 * 1024, peaks
