"""Blob store through the diagnostics routes: streamed upload with four digests, download by
X-Accel-Redirect (nginx serves the bytes: Content-Length, HEAD, Range), parallel requests."""
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

import pytest


def test_upload_returns_all_digests(stack, blob):
    data, body = blob
    assert body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["sha512"] == hashlib.sha512(data).hexdigest()
    assert body["sha1"] == hashlib.sha1(data).hexdigest()
    assert body["md5"] == hashlib.md5(data).hexdigest()
    path = stack.blob_path(body["sha256"])
    assert path.is_file(), f"no blob at {path}"
    assert path.read_bytes() == data


def test_upload_leaves_no_temp_file(stack, blob):
    assert stack.tmp_files() == set()


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_download_byte_for_byte_via_x_accel(stack, blob, tls):
    data, body = blob
    sha = body["sha256"]
    r = stack.get(f"/_diag/blobs/{sha}", tls=tls)
    assert r.status_code == 200, r.text[:300]
    assert r.content == data
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Length"] == str(len(data))
    assert r.headers["ETag"] == f'"{sha}"'  # the worker's, not nginx's mtime-size tag
    assert r.headers.get("Accept-Ranges") == "bytes"
    assert "Last-Modified" not in r.headers
    assert "X-Accel-Redirect" not in r.headers


def test_head(stack, blob):
    data, body = blob
    sha = body["sha256"]
    r = stack.session().head(stack.url(f"/_diag/blobs/{sha}"), timeout=10)
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Content-Length"] == str(len(data))
    assert r.headers["ETag"] == f'"{sha}"'
    assert r.headers["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("spec,start,end", [
    ("bytes=0-99", 0, 99),
    ("bytes=1000-1999", 1000, 1999),
    ("bytes=-100", (1 << 20) - 100, (1 << 20) - 1),
    ("bytes=1048000-", 1048000, (1 << 20) - 1),
])
def test_range(stack, blob, spec, start, end):
    data, body = blob
    r = stack.get(f"/_diag/blobs/{body['sha256']}", headers={"Range": spec})
    assert r.status_code == 206, r.text[:200]
    assert r.headers["Content-Range"] == f"bytes {start}-{end}/{len(data)}"
    assert r.headers["Content-Length"] == str(end - start + 1)
    assert r.content == data[start:end + 1]


def test_if_range_uses_the_worker_etag(stack, blob):
    data, body = blob
    url = f"/_diag/blobs/{body['sha256']}"
    same = stack.get(url, headers={"Range": "bytes=0-9", "If-Range": f'"{body["sha256"]}"'})
    assert same.status_code == 206 and same.content == data[:10]
    other = stack.get(url, headers={"Range": "bytes=0-9", "If-Range": '"something-else"'})
    assert other.status_code == 200 and other.content == data


@pytest.mark.parametrize("header", ['"{sha}"', 'W/"{sha}"', '"other", "{sha}"', "*"])
def test_if_none_match_is_304(stack, blob, header):
    data, body = blob
    sha = body["sha256"]
    r = stack.get(f"/_diag/blobs/{sha}", headers={"If-None-Match": header.format(sha=sha)})
    assert r.status_code == 304, r.text[:200]
    assert r.content == b""
    assert r.headers["ETag"] == f'"{sha}"'


def test_if_none_match_other_tag_is_200(stack, blob):
    data, body = blob
    r = stack.get(f"/_diag/blobs/{body['sha256']}", headers={"If-None-Match": '"something-else"'})
    assert r.status_code == 200 and r.content == data


def test_unsatisfiable_range(stack, blob):
    data, body = blob
    r = stack.get(f"/_diag/blobs/{body['sha256']}", headers={"Range": f"bytes={len(data) + 10}-"})
    assert r.status_code == 416


def test_unknown_blob_is_404(stack):
    r = stack.get("/_diag/blobs/" + "0" * 64)
    assert r.status_code == 404


@pytest.mark.parametrize("bad", ["not-a-digest", "a" * 63, "a" * 65, "g" * 64])
def test_malformed_digest_is_400(stack, bad):
    r = stack.get(f"/_diag/blobs/{bad}")
    assert r.status_code == 400, r.text[:200]


def test_chunked_upload(stack):
    data = os.urandom(3 * 65536 + 123)

    def chunks():
        for i in range(0, len(data), 50000):
            yield data[i:i + 50000]

    r = stack.put("/_diag/blobs", chunks())
    assert r.status_code == 201, r.text[:300]
    body = r.json()
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["size"] == len(data)
    assert stack.get(f"/_diag/blobs/{body['sha256']}").content == data


def test_empty_upload(stack):
    body = stack.upload(b"")
    assert body["size"] == 0
    assert body["md5"] == hashlib.md5(b"").hexdigest()
    r = stack.get(f"/_diag/blobs/{body['sha256']}")
    assert r.status_code == 200 and r.content == b""


def test_same_content_twice_is_one_blob(stack):
    data = os.urandom(4096)
    a, b = stack.upload(data), stack.upload(data)
    assert a == b
    assert stack.blob_path(a["sha256"]).read_bytes() == data


def test_200_parallel_requests(stack, blob):
    data, body = blob
    sha = body["sha256"]
    expected = hashlib.sha256(data).hexdigest()

    def one(i):
        if i % 2:
            r = stack.get("/healthz")
            return r.status_code == 200 or f"healthz {r.status_code}"
        r = stack.get(f"/_diag/blobs/{sha}", tls=bool(i % 4 == 0))
        if r.status_code != 200:
            return f"blob {r.status_code}"
        return hashlib.sha256(r.content).hexdigest() == expected or "blob content differs"

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(one, range(200)))
    failures = [r for r in results if r is not True]
    assert failures == []
