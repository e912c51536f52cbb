"""`granary sweep`: removes what interrupted writes left (a temporary file, a blob file no row
names) and rendered pages nobody used for a while — and a page swept from under a worker that
remembers it is simply rendered again on the next request."""
import os
import time

import pytest

pytest_plugins = ["client_support"]
pytest.register_assert_rewrite("client_support")
from client_support import ok, simple_files, simple_url  # noqa: E402

LIB = "granary-demo-lib"
OLD = time.time() - 10 * 86_400


def test_sweep_removes_orphans_and_unused_pages_and_pages_come_back(repository, clients, dists):
    stack = repository.stack
    publisher = clients()
    publisher.login("twine")
    ok(publisher.twine_upload(*dists(LIB, "1.0.0").files))
    token = repository.token()
    url = simple_url(repository, LIB)
    first = repository.http("GET", url, token, basic=True)
    assert first.status_code == 200, first.text

    pages = [p for p in (stack.blob_dir / "pages").rglob("*") if p.is_file()]
    assert pages, "the project page was not rendered to a file"
    orphan = stack.blob_dir / "sha256" / "00" / "00" / ("00" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"no row names me")
    partial = stack.blob_dir / "tmp" / "interrupted.part"
    partial.write_bytes(b"half")
    for path in pages + [orphan, partial]:
        os.utime(path, (OLD, OLD))

    result = stack.cli("sweep", "--grace-seconds", "60", "--page-age-seconds", "60")
    assert result["temporaryRemoved"] >= 1 and result["orphansRemoved"] >= 1, result
    assert result["pagesRemoved"] >= len(pages), result
    assert not orphan.exists() and not partial.exists()
    assert not any(p.exists() for p in pages)
    again = repository.http("GET", url, token, basic=True)
    assert again.status_code == 200, again.text
    assert again.content == first.content
    # The package's own blobs (young, and named by rows) are kept: its files still download.
    for f in simple_files(repository, LIB, token):
        assert repository.http("GET", f.url, token, basic=True).status_code == 200, f.filename
