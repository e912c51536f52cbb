"""Downloads are answered from each worker thread's memory (issue 12): the file that answered a
request with given credentials, path and query is sent again without a database round trip or
a new authorization while the change counters stand — and, like the listings of
test_cache_freshness.py, never once something it depends on changed. With every metadata thread
of both worker processes warmed on one file (a PyPI wheel, an npm tarball, a generic asset),
every next request after an archive, a delete, a denying repository policy or a token revocation
is refused, with no pause."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest
import requests

from format_fixtures import make_repos
from test_cache_freshness import PACKAGE, Listing, deny_reads_policy, publish

FORMATS = pytest.mark.parametrize("fmt", ["pypi", "npm", "generic"])
NAMESPACE = "fresh-ns"


@dataclass
class Download(Listing):
    """One file download of the repository, as its client sends it again and again."""
    version: str = "1.1.0"
    data: bytes = b""

    @property
    def url(self) -> str:
        base = self.repo.url(self.fmt)
        if self.fmt == "pypi":
            return base + f"files/{PACKAGE}/{self.version}/{PACKAGE.replace('-', '_')}-{self.version}-py3-none-any.whl"
        if self.fmt == "npm":
            return base + f"{PACKAGE}/-/{PACKAGE}-{self.version}.tgz"
        return base + f"{PACKAGE}/{self.version}/payload.bin?namespace={NAMESPACE}"

    def headers(self, agent: str) -> dict:
        return self.repo._auth(basic=self.fmt == "pypi") | {"User-Agent": agent}

    def seen(self, r: requests.Response) -> tuple[int, str | None]:
        """(status, SHA-256 of the body) of an answer; the digest None when it is not a 200."""
        return (r.status_code, hashlib.sha256(r.content).hexdigest() if r.status_code == 200 else None)


def publish_generic(cp, domain: str, version: str) -> bytes:
    data = f"generic {version}\n".encode() * 64
    cp.client().publish_package_version(
        domain=domain, repository="cached", format="generic", namespace=NAMESPACE, package=PACKAGE,
        packageVersion=version, assetName="payload.bin", assetContent=data, assetSHA256=hashlib.sha256(data).hexdigest())
    return data


@pytest.fixture
def warmed(cp, domain, fmt):
    """A repository holding PACKAGE 1.0.0 and 1.1.0; 1.1.0's file warmed in every thread."""
    repo = make_repos(cp, domain, "cached")["cached"]
    for version in ("1.0.0", "1.1.0"):
        if fmt == "generic":
            publish_generic(cp, domain, version)
        else:
            publish(repo, fmt, version)
    download = Download(cp, repo, fmt)
    first = requests.get(download.url, headers=download.headers("granary-download-freshness"), verify=repo.ca, timeout=30)
    assert first.status_code == 200, first.text[:300]
    download.data = first.content
    download.warm(served(download))
    yield download
    download.session.close()


def served(download: Download) -> tuple:
    return 200, hashlib.sha256(download.data).hexdigest()


def status(cp, domain: str, fmt: str, target: str) -> None:
    kw = {"namespace": NAMESPACE} if fmt == "generic" else {}
    cp.client().update_package_versions_status(domain=domain, repository="cached", format=fmt, package=PACKAGE,
                                               versions=["1.1.0"], targetStatus=target, **kw)


@FORMATS
def test_an_archived_file_is_refused_by_every_next_request(cp, domain, fmt, warmed):
    status(cp, domain, fmt, "Archived")
    warmed.every_next((404, None), "after 1.1.0 was archived")
    status(cp, domain, fmt, "Published")
    warmed.every_next(served(warmed), "after 1.1.0 was published again")


@FORMATS
def test_a_deleted_version_is_refused_by_every_next_request(cp, domain, fmt, warmed):
    kw = {"namespace": NAMESPACE} if fmt == "generic" else {}
    cp.client().delete_package_versions(domain=domain, repository="cached", format=fmt, package=PACKAGE,
                                        versions=["1.1.0"], **kw)
    warmed.every_next((404, None), "after 1.1.0 was deleted")


@FORMATS
def test_a_denying_repository_policy_is_seen_by_every_next_request(cp, domain, fmt, warmed):
    c = cp.client()
    c.put_repository_permissions_policy(domain=domain, repository="cached", policyDocument=deny_reads_policy(cp.admin.account))
    warmed.every_next((403, None), "after a policy denied reads")
    c.delete_repository_permissions_policy(domain=domain, repository="cached")
    warmed.every_next(served(warmed), "after the denying policy was deleted")


@FORMATS
def test_a_revoked_token_is_refused_by_every_next_request(cp, domain, fmt, warmed):
    cp.stack.cli("admin", "tokens", "revoke", "--token", warmed.repo.token)
    warmed.every_next((401, None), "after the token was revoked")


def test_a_remembered_file_answers_only_its_own_request(cp, domain):
    """Another namespace (the query), another version (the path) or other credentials are other
    requests: never the remembered file."""
    repo = make_repos(cp, domain, "cached")["cached"]
    mine = publish_generic(cp, domain, "1.0.0")
    download = Download(cp, repo, "generic", version="1.0.0")
    download.data = mine
    download.warm(served(download))
    other = requests.get(download.url.replace(f"namespace={NAMESPACE}", "namespace=elsewhere"),
                         headers=download.headers("x"), verify=repo.ca, timeout=30)
    assert other.status_code == 404, other.status_code
    other = requests.get(download.url.replace("/1.0.0/", "/9.9.9/"), headers=download.headers("x"), verify=repo.ca, timeout=30)
    assert other.status_code == 404, other.status_code
    other = requests.get(download.url, headers={"Authorization": "Bearer not-a-token"}, verify=repo.ca, timeout=30)
    assert other.status_code == 401, other.status_code
    etag = requests.get(download.url, headers=download.headers("x"), verify=repo.ca, timeout=30).headers["ETag"]
    again = requests.get(download.url, headers=download.headers("x") | {"If-None-Match": etag}, verify=repo.ca, timeout=30)
    assert again.status_code == 304, again.status_code
