"""Rendered listings in two codings: each PyPI project page (HTML and PEP 691 JSON) and npm
packument (abbreviated and full) is written once with a gzip twin, which nginx sends to clients
that accept gzip (pip and npm always do: python-requests and npm ask for `gzip, deflate`).

Checked on the wire, without the client's transparent decoding: the twin decompresses to exactly
the identity page; each representation has its own ETag (`"<sha256>"` / `"<sha256>-gzip"`) and
answers If-None-Match with 304 only for its own; `Vary: Accept, Accept-Encoding`; HEAD tells the
twin's length; a client that refuses gzip (`gzip;q=0`, `identity`, no header) gets the identity
page. The client suites (pip, twine, npm) read these pages too, gzip-encoded."""
from __future__ import annotations

import gzip

import pytest
import requests

from cp_support import unique
from format_fixtures import format_repo

FORMS = {
    "pypi-html": ("pypi", "text/html"),
    "pypi-json": ("pypi", "application/vnd.pypi.simple.v1+json"),
    "npm-abbreviated": ("npm", "application/vnd.npm.install-v1+json"),
    "npm-full": ("npm", "application/json"),
}


@pytest.fixture(scope="module")
def published(cp):
    """A repository holding a PyPI project and an npm package of a few versions each."""
    domain = unique("enc")
    cp.client().create_domain(domain=domain)
    cp.client().create_repository(domain=domain, repository="pages")
    repo = format_repo(cp, domain, "pages")
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        assert repo.pypi_upload("enc-lib", version).status_code == 200
        assert repo.npm_publish("enc-lib", version).status_code in (200, 201)
    return repo


def fetch(repo, form: str, method: str = "GET", **headers) -> tuple[requests.Response, bytes]:
    """The raw answer (status, headers, body bytes exactly as sent) for one form of the listing.
    No Accept-Encoding unless given (requests would add `gzip, deflate`; None removes it)."""
    fmt, accept = FORMS[form]
    url = repo.url(fmt) + ("simple/enc-lib/" if fmt == "pypi" else "enc-lib")
    sent = repo._auth(basic=fmt == "pypi") | {"Accept": accept, "Accept-Encoding": None} | headers
    r = requests.request(method, url, headers=sent, verify=repo.ca, timeout=30, stream=True)
    return r, r.raw.read(decode_content=False)


@pytest.mark.parametrize("form", FORMS)
def test_the_gzip_twin_is_the_identity_page_compressed(published, form):
    plain, body = fetch(published, form)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers, plain.headers
    assert FORMS[form][1] in plain.headers["Content-Type"]
    zipped, packed = fetch(published, form, **{"Accept-Encoding": "gzip, deflate"})
    assert zipped.status_code == 200, zipped.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Content-Type"] == plain.headers["Content-Type"]
    assert gzip.decompress(packed) == body, "the twin is the same page"
    assert int(zipped.headers["Content-Length"]) == len(packed) < len(body)
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"', (plain.headers["ETag"], zipped.headers["ETag"])
    for r in (plain, zipped):
        assert r.headers["Vary"] == "Accept, Accept-Encoding"


@pytest.mark.parametrize("form", FORMS)
def test_each_representation_revalidates_with_its_own_etag(published, form):
    plain, _ = fetch(published, form)
    zipped, _ = fetch(published, form, **{"Accept-Encoding": "gzip"})
    r, body = fetch(published, form, **{"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert (r.status_code, body) == (304, b"") and r.headers["ETag"] == zipped.headers["ETag"]
    r, body = fetch(published, form, **{"If-None-Match": plain.headers["ETag"]})
    assert (r.status_code, body) == (304, b"")
    # A validator of the other coding does not match: the full answer comes back.
    r, body = fetch(published, form, **{"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip" and gzip.decompress(body)
    r, body = fetch(published, form, **{"If-None-Match": zipped.headers["ETag"]})
    assert r.status_code == 200 and "Content-Encoding" not in r.headers and body


@pytest.mark.parametrize("accept_encoding", [None, "identity", "gzip;q=0", "br", "*, gzip;q=0"])
def test_clients_that_refuse_gzip_get_the_identity_page(published, accept_encoding):
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    for form in FORMS:
        r, body = fetch(published, form, **headers)
        assert r.status_code == 200 and "Content-Encoding" not in r.headers, (form, accept_encoding, r.headers)
        assert b"enc-lib" in body or b"enc_lib" in body


def test_head_tells_the_length_of_the_coding_it_would_send(published):
    for form in FORMS:
        _, packed = fetch(published, form, **{"Accept-Encoding": "gzip"})
        r, body = fetch(published, form, method="HEAD", **{"Accept-Encoding": "gzip"})
        assert (r.status_code, body) == (200, b"")
        assert r.headers["Content-Encoding"] == "gzip" and int(r.headers["Content-Length"]) == len(packed)
