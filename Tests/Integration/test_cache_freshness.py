"""Package-protocol listings (PyPI simple pages, npm packuments) stay exact while each worker
thread caches what answers them: verified tokens, policies and decisions, repositories, and a
listing memo (which rendered page answered repository + package + form). Those per-thread caches
hold while the two database change counters stand (triggers move them in the changing
transaction, sql/0006 and sql/0011), and a thread re-reads the counters only when

- the commit signal moved: every Granary process (both `granary serve` workers, and the
  `granary admin`, `migrate` and `sweep` commands) bumps the 8-byte counter mapped from
  `$STATE/commits` after each write it commits, before it answers; or
- its last read is older than one second: the bound for writes made outside Granary (SQL by hand).

So, with every thread of both worker processes warmed on a listing (a keep-alive session and
fresh connections, nginx alternating between the two processes), a change made through the
control plane (a worker), or through the admin CLI (another process), is seen by every next
request, with no pause; a change made directly in MariaDB is seen by every request once 1.5 s
have passed since the last Granary read (deterministic: every remembered read is then older than
the bound). No assertion is about how long anything takes.

Warming is checked, not assumed: nginx's access log shows both worker processes answered each
burst, and /proc shows every metadata thread of each process woke while warming.

A thread also remembers whole answers: the page that answered a listing request with given
credentials (the Authorization header as sent), path and form (npm: and registry URL), served
again without authenticating or authorizing while the counters stand and the token is valid.
Only an answer whose authorization read nothing of the request is remembered: the PyPI key has
no scheme or address in it, so with every thread warmed over HTTPS (or from 127.0.0.1) by a
principal allowed only there, the same request over HTTP (or from 127.0.0.2) must still be
refused, every time. A remembered answer still honours If-None-Match, HEAD and the form Accept
asks for, and is never given to another principal's token.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from format_fixtures import FormatRepo, format_repo, make_repos

pytest.register_assert_rewrite("authz_support")
from authz_support import allow, deny, document  # noqa: E402
from authz_support import authz  # noqa: F401,E402

if TYPE_CHECKING:
    from cp_support import ControlPlane

FORMATS = pytest.mark.parametrize("fmt", ["pypi", "npm"])
PACKAGE = "fresh-lib"
WARM = 100        # requests over one keep-alive session, and as many on fresh connections
AFTER = 50        # requests right after a change: every one must see it
PARALLEL = 16     # fresh connections at once (a worker process has 16 metadata threads)
META_SOCKET = re.compile(r"\bup=\S*(meta-\d+)\.sock")


# ------------------------------------------------------------------------------------ helpers
@dataclass
class Listing:
    """One listing request (the PyPI simple page as PEP 691 JSON, or the npm packument) of a
    repository, as sent again and again (from local address SOURCE when given). Each burst
    carries its own User-Agent, so nginx's access log tells which worker processes answered it."""
    cp: ControlPlane
    repo: FormatRepo
    fmt: str
    source: str | None = None
    session: requests.Session = field(init=False)

    def __post_init__(self):
        self.session = self.connect()

    def connect(self) -> requests.Session:
        """A new session (so a new connection), from SOURCE when one is set."""
        s = requests.Session()
        if self.source:
            adapter = FromAddress(self.source)
            s.mount("http://", adapter)
            s.mount("https://", adapter)
        return s

    @property
    def url(self) -> str:
        return self.repo.url(self.fmt) + (f"simple/{PACKAGE}/" if self.fmt == "pypi" else PACKAGE)

    def headers(self, agent: str) -> dict:
        if self.fmt == "pypi":
            return self.repo._auth(basic=True) | {"Accept": "application/vnd.pypi.simple.v1+json", "User-Agent": agent}
        return self.repo._auth() | {"User-Agent": agent}

    def seen(self, r: requests.Response) -> tuple[int, frozenset | None]:
        """(status, the versions listed) of an answer; versions None when it is not a 200."""
        if r.status_code != 200:
            return r.status_code, None
        versions = r.json()["versions"]
        return 200, frozenset(versions if self.fmt == "pypi" else versions.keys())

    def burst(self, over_session: int, fresh: int, method: str = "GET", extra: dict | None = None,
              seen=None) -> tuple[list, str]:
        """OVER_SESSION requests one after the other on the keep-alive session, then FRESH on
        new connections, PARALLEL at a time (METHOD, the usual headers updated with EXTRA);
        returns what each saw (SEEN of it, default `seen`), in order, and the burst's tag."""
        agent = f"granary-cache-freshness/{uuid.uuid4().hex}"
        kw = dict(headers=self.headers(agent) | (extra or {}), verify=self.repo.ca, timeout=30)

        def fresh_one(_):
            with self.connect() as s:
                return s.request(method, self.url, **kw)
        answers = [self.session.request(method, self.url, **kw) for _ in range(over_session)]
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            answers += list(pool.map(fresh_one, range(fresh)))
        return [(seen or self.seen)(r) for r in answers], agent

    def worker_sockets(self, agent: str, count: int) -> set[str]:
        """The worker sockets (meta-N) that answered the COUNT requests sent as AGENT."""
        deadline = time.monotonic() + 10
        while True:
            lines = self.cp.access_log_lines(agent)
            if len(lines) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert len(lines) == count, f"{len(lines)} access log lines for {count} requests"
        return {m.group(1) for line in lines for m in [META_SOCKET.search(line)] if m}

    def all_see(self, expected: tuple, over_session: int, fresh: int, after: str, **ask) -> None:
        """A burst (ASK: its method, extra headers, what is seen) in which every answer is
        EXPECTED, answered by both worker processes."""
        seen, agent = self.burst(over_session, fresh, **ask)
        wrong = [(i, s) for i, s in enumerate(seen) if s != expected]
        assert not wrong, (f"{self.fmt}: {len(wrong)} of {len(seen)} requests {after} did not answer {expected}; "
                           f"first ones (index, answer): {wrong[:5]}")
        sockets = self.worker_sockets(agent, len(seen))
        expected_sockets = {f"meta-{n}" for n in range(worker_processes(self.cp.stack))}
        assert sockets == expected_sockets, f"{self.fmt}: only {sockets} answered {len(seen)} requests {after}"

    def warm(self, expected: tuple) -> None:
        """Every metadata thread of both worker processes answers (so remembers) EXPECTED."""
        before = thread_switches(self.cp.stack)
        self.all_see(expected, WARM, WARM, "while warming")
        after = thread_switches(self.cp.stack)
        woken = Counter(key[0] for key, n in after.items() if n != before.get(key, n))
        threads, processes = self.cp.stack.config["metaThreads"], worker_processes(self.cp.stack)
        assert len(woken) == processes and min(woken.values()) >= threads, (
            f"warming woke {dict(woken)} threads (worker pid: count); all {threads} of each of {processes} expected")

    def every_next(self, expected: tuple, after: str, **ask) -> None:
        """The next AFTER requests, sent at once (no pause), all answer EXPECTED."""
        self.all_see(expected, AFTER // 2, AFTER - AFTER // 2, after, **ask)


class FromAddress(requests.adapters.HTTPAdapter):
    """Connections from local ADDRESS (aws:SourceIp is the connection's address, nginx's $remote_addr)."""

    def __init__(self, address: str):
        self.address = address  # before HTTPAdapter's __init__, which makes the pool manager
        super().__init__()

    def init_poolmanager(self, *args, **kw):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kw)


def worker_processes(stack) -> int:
    return int(stack.env["GRANARY_WORKERS"])


def thread_switches(stack) -> dict:
    """{(worker pid, thread id): context switches so far} of the `granary serve` processes: a
    thread that answered a request blocked again (in accept) since."""
    out = {}
    for pidfile in (stack.state / "pid").glob("worker-*.pid"):
        pid = pidfile.read_text().strip()
        for task in Path(f"/proc/{pid}/task").iterdir():
            status = (task / "status").read_text()
            out[(pid, task.name)] = sum(int(n) for n in re.findall(r"ctxt_switches:\s+(\d+)", status))
    return out


def publish(repo: FormatRepo, fmt: str, version: str) -> None:
    r = repo.pypi_upload(PACKAGE, version) if fmt == "pypi" else repo.npm_publish(PACKAGE, version)
    assert r.status_code in (200, 201), (fmt, version, r.status_code, r.text[:300])


def listed(*versions: str) -> tuple:
    return 200, frozenset(versions)


def signal_file(stack) -> Path:
    return Path(stack.config["stateDir"]) / "commits"


def commit_signal(stack) -> int:
    """The commit signal: the 8-byte little-endian counter in $STATE/commits."""
    return int.from_bytes(signal_file(stack).read_bytes()[:8], "little")


def deny_reads_policy(account: str) -> str:
    """A repository policy that denies ReadFromRepository to every principal of ACCOUNT."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
         "Action": "codeartifact:ReadFromRepository", "Resource": "*"}]})


def sql_set_status(cp, domain: str, repository: str, fmt: str, version: str, status: str) -> None:
    """Sets a version's status straight in MariaDB: no Granary process involved. (Two statements:
    the UPDATE may not read `packages`, which its trigger writes.)"""
    rows = cp.sql("SELECT v.version_id FROM package_versions v JOIN packages p ON p.package_id = v.package_id "
                  "JOIN repositories r ON r.repository_id = p.repository_id JOIN domains d ON d.domain_id = r.domain_id "
                  f"WHERE d.name = '{domain}' AND d.owner_account_id = '{cp.admin.account}' AND r.name = '{repository}' "
                  f"AND p.format = '{fmt}' AND p.name = '{PACKAGE}' AND v.version = '{version}'")
    assert len(rows) == 1, rows
    cp.sql(f"UPDATE package_versions SET status = '{status}' WHERE version_id = {rows[0][0]}")
    assert cp.sql(f"SELECT status FROM package_versions WHERE version_id = {rows[0][0]}") == [[status]]


@pytest.fixture
def warmed(cp, domain, fmt):
    """A repository holding PACKAGE 1.0.0 and 1.1.0, its listing warmed in every thread."""
    repo = make_repos(cp, domain, "cached")["cached"]
    for version in ("1.0.0", "1.1.0"):
        publish(repo, fmt, version)
    listing = Listing(cp, repo, fmt)
    listing.warm(listed("1.0.0", "1.1.0"))
    yield listing
    listing.session.close()


# ------------------------------------------------------------------------------------ control plane
@FORMATS
def test_a_status_change_reaches_every_next_request(cp, domain, fmt, warmed):
    c = cp.client()
    c.update_package_versions_status(domain=domain, repository="cached", format=fmt, package=PACKAGE,
                                     versions=["1.1.0"], targetStatus="Archived")
    warmed.every_next(listed("1.0.0"), "after 1.1.0 was archived")
    c.update_package_versions_status(domain=domain, repository="cached", format=fmt, package=PACKAGE,
                                     versions=["1.1.0"], targetStatus="Published")
    warmed.every_next(listed("1.0.0", "1.1.0"), "after 1.1.0 was published again")


@FORMATS
def test_a_repository_policy_reaches_every_next_request(cp, domain, fmt, warmed):
    c = cp.client()
    c.put_repository_permissions_policy(domain=domain, repository="cached",
                                        policyDocument=deny_reads_policy(cp.admin.account))
    warmed.every_next((403, None), "after a policy denied reads")
    c.delete_repository_permissions_policy(domain=domain, repository="cached")
    warmed.every_next(listed("1.0.0", "1.1.0"), "after the denying policy was deleted")


@FORMATS
def test_a_new_version_reaches_every_next_request(cp, domain, fmt, warmed):
    publish(warmed.repo, fmt, "1.2.0")
    warmed.every_next(listed("1.0.0", "1.1.0", "1.2.0"), "after 1.2.0 was published")


# ------------------------------------------------------------------------------------ other processes
@FORMATS
def test_a_token_revoked_by_the_admin_cli_is_refused_on_every_next_request(cp, domain, fmt, warmed):
    before = commit_signal(cp.stack)
    cp.stack.cli("admin", "tokens", "revoke", "--token", warmed.repo.token)
    assert commit_signal(cp.stack) > before, "the admin CLI committed without moving the commit signal"
    warmed.every_next((401, None), "after the admin CLI revoked the token")
    # The token, not the repository: a new one reads.
    fresh = Listing(cp, format_repo(cp, domain, "cached"), fmt)
    fresh.every_next(listed("1.0.0", "1.1.0"), "with a new token")


@FORMATS
def test_an_sql_change_made_outside_granary_is_seen_within_the_one_second_bound(cp, domain, fmt, warmed):
    signal = commit_signal(cp.stack)
    sql_set_status(cp, domain, "cached", fmt, "1.1.0", "Archived")
    # Every thread's remembered counters are now older than the 1 s bound: each reads them again.
    time.sleep(1.5)
    assert commit_signal(cp.stack) == signal, "a Granary process committed meanwhile: the test proves nothing"
    warmed.every_next(listed("1.0.0"), "1.5 s after 1.1.0 was archived in SQL")
    assert commit_signal(cp.stack) == signal, "reading a listing committed a write"


@FORMATS
def test_workers_take_the_commit_signal_from_the_shared_file(cp, domain, fmt, warmed):
    """An out-of-band change plus a move of $STATE/commits (as a Granary process would make) is
    seen at once: the workers watch that very file. (This write is not atomic with a worker's bump;
    a bump it loses still leaves a value no thread remembered from before the SQL change.)"""
    sql_set_status(cp, domain, "cached", fmt, "1.1.0", "Archived")
    with signal_file(cp.stack).open("r+b") as f:
        value = int.from_bytes(f.read(8), "little")
        f.seek(0)
        f.write(((value + 1) % 2**64).to_bytes(8, "little"))
    warmed.every_next(listed("1.0.0"), "after 1.1.0 was archived in SQL and the signal moved")


def test_control_plane_writes_move_the_commit_signal(cp, domain):
    before = commit_signal(cp.stack)
    cp.client().create_repository(domain=domain, repository="signal")
    after = commit_signal(cp.stack)
    assert after > before, (before, after)


# ------------------------------------------------------------------------------------ remembered answers
READ, TOKEN = "codeartifact:ReadFromRepository", "codeartifact:GetAuthorizationToken"
#: rule: (the reader's identity policy, the repository's policy, where the same request is refused).
#: Each is the reader's only way to read, or a Deny, that depends on the request.
CONTEXT_RULES = {
    "allowed-only-over-https": ([allow(TOKEN), allow(READ, condition={"Bool": {"aws:SecureTransport": "true"}})],
                                None, "http"),
    "denied-over-http-by-the-repository": ([allow([TOKEN, READ])],
                                           [deny(READ, principal="*", condition={"Bool": {"aws:SecureTransport": "false"}})],
                                           "http"),
    "allowed-only-from-127.0.0.1": ([allow(TOKEN), allow(READ, condition={"IpAddress": {"aws:SourceIp": "127.0.0.1/32"}})],
                                    None, "127.0.0.2"),
}
#: fmt: (an Accept that asks for the other form than `Listing` does, its Content-Type).
OTHER_FORM = {"pypi": ("text/html", "text/html; charset=utf-8"),
              "npm": ("application/vnd.npm.install-v1+json", "application/vnd.npm.install-v1+json")}


def reader_listing(cp, authz, domain: str, repo: FormatRepo, fmt: str, policy: str) -> Listing:
    """REPO's listing as read with the token (for DOMAIN, issued over HTTPS) of a new user of the
    domain owner's account whose only identity policy is POLICY."""
    user = authz.new_user(cp.admin.account, policy=policy)
    token = authz.token(user, domain, cp.admin.account, tls=True)["authorizationToken"]
    return Listing(cp, replace(repo, token=token), fmt)


def elsewhere(listing: Listing, where: str) -> Listing:
    """The very same request (path, Accept, Authorization) over plain HTTP, or from address WHERE."""
    if where == "http":
        https, http = listing.cp.stack.https, listing.cp.stack.http
        return Listing(listing.cp, replace(listing.repo, base=listing.repo.base.replace(https, http, 1)), listing.fmt)
    return Listing(listing.cp, listing.repo, listing.fmt, source=where)


def shape(r: requests.Response) -> tuple:
    """(status, Content-Type, ETag, SHA-256 of the body) of an answer."""
    return r.status_code, r.headers.get("Content-Type"), r.headers.get("ETag"), hashlib.sha256(r.content).hexdigest()


@FORMATS
@pytest.mark.parametrize("rule", CONTEXT_RULES)
def test_an_answer_whose_authorization_read_the_request_is_not_remembered(cp, authz, domain, fmt, rule):
    """Warmed in every thread by a reader allowed only over HTTPS (or from 127.0.0.1), the same
    request with the same Authorization over HTTP (or from 127.0.0.2) is refused every time. The
    PyPI answer key holds no scheme or address: a remembered answer would be served there."""
    identity, resource, where = CONTEXT_RULES[rule]
    repo = make_repos(cp, domain, "guarded")["guarded"]
    publish(repo, fmt, "1.0.0")
    if resource:
        cp.client().put_repository_permissions_policy(domain=domain, repository="guarded",
                                                      policyDocument=document(*resource))
    allowed = reader_listing(cp, authz, domain, repo, fmt, document(*identity))
    refused = elsewhere(allowed, where)
    allowed.warm(listed("1.0.0"))
    refused.every_next((403, None), f"warmed by the same request allowed, sent {where}")
    allowed.every_next(listed("1.0.0"), f"after it was refused {where}")
    refused.every_next((403, None), f"sent {where} again")


@FORMATS
def test_a_remembered_answer_honours_if_none_match_head_and_accept(cp, fmt, warmed):
    """With every thread warmed on the listing: its ETag asked again is 304 with no body, HEAD is
    200 with the same type and ETag and no body, and the other form (which Accept asks for) is
    that form's own page, every time."""
    r = warmed.session.get(warmed.url, headers=warmed.headers("reference"), verify=warmed.repo.ca, timeout=30)
    status, content_type, etag, digest = shape(r)
    # The page's SHA-256 (requests asks for gzip and gets the twin, tagged "<sha256>-gzip").
    assert (status, etag) == (200, f'"{digest}-gzip"'), (status, etag, digest)
    warmed.every_next((304, etag, b""), "asked If-None-Match: its ETag", extra={"If-None-Match": etag},
                      seen=lambda r: (r.status_code, r.headers.get("ETag"), r.content))
    warmed.every_next((200, content_type, etag, hashlib.sha256(b"").hexdigest()), "as HEAD", method="HEAD", seen=shape)
    warmed.every_next(listed("1.0.0", "1.1.0"), "after HEAD and If-None-Match")

    # The other form (PyPI HTML, npm's abbreviated packument): its own page, not the remembered one.
    accept, other_type = OTHER_FORM[fmt]
    r = warmed.session.get(warmed.url, headers=warmed.headers("other form") | {"Accept": accept}, verify=warmed.repo.ca,
                           timeout=30)
    other = shape(r)
    assert other[:2] == (200, other_type) and other[2] == f'"{other[3]}-gzip"' and other[3] != digest, (other, digest)
    assert ("fresh_lib-1.1.0-py3-none-any.whl" in r.text if fmt == "pypi" else "time" not in r.json()), r.text[:300]
    warmed.every_next(other, f"asked Accept: {accept}", extra={"Accept": accept}, seen=shape)
    warmed.every_next(listed("1.0.0", "1.1.0"), f"after Accept: {accept}")


@FORMATS
def test_a_remembered_answer_is_not_given_to_another_principals_token(cp, authz, domain, fmt, warmed):
    """Warmed with the owner's token, the same path and Accept with the token of a user who may not
    read is refused every time."""
    outsider = reader_listing(cp, authz, domain, warmed.repo, fmt, document(allow(TOKEN)))
    outsider.every_next((403, None), "warmed by the owner's token, with a token of a user who may not read")
    warmed.every_next(listed("1.0.0", "1.1.0"), "after the outsider was refused")
