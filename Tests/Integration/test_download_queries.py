"""Downloads make no database round trip in steady state (issue 12): once every metadata thread of
both worker processes has served a file, a download of it by a request the threads have not seen
whole — the same token spelled as Basic instead of Bearer (or the other way round), or a SigV4
GetPackageVersionAsset call, whose signature differs every time — is answered from the threads'
caches: token, principal, decision, repository, package, version, asset and blob row. MariaDB's
general query log, switched on for the measured requests only, shows what the workers asked: the
change counters' read (at most once a second per thread, or when the commit signal moved) and
nothing else. Each cache stays exact: test_download_freshness.py and the key tests below show
changes seen by the next request."""
from __future__ import annotations

import base64
import hashlib
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from test_cache_freshness import PACKAGE, thread_switches, worker_processes
from test_download_freshness import NAMESPACE, Download, served, warmed  # noqa: F401  (the fixture)

FORMATS = pytest.mark.parametrize("fmt", ["pypi", "npm", "generic"])
MEASURED = 60
COUNTERS_READ = "SELECT name, value FROM change_counters"
DISPATCHER_TABLES = re.compile(r"\b(outbox_events|event_deliveries)\b")


def other_spelling(download: Download) -> dict:
    """The download's token as the other scheme (Basic for Bearer, Bearer for Basic)."""
    token = download.repo.token
    if download.fmt == "pypi":
        return {"Authorization": f"Bearer {token}"}
    return {"Authorization": "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()}


class QueryLog:
    """MariaDB's general log into mysql.general_log, for the statements of the `with` block."""

    def __init__(self, cp):
        self.cp = cp

    def __enter__(self):
        self.cp.sql("SET GLOBAL log_output = 'TABLE'")
        self.cp.sql("TRUNCATE TABLE mysql.general_log")
        self.cp.sql("SET GLOBAL general_log = 1")
        return self

    def __exit__(self, *exc):
        self.cp.sql("SET GLOBAL general_log = 0")

    def worker_statements(self) -> list[str]:
        """What the workers' connections executed. Left out: the test's own root sessions, and the event
        dispatcher's (`granary dispatch`, same database user), which polls the outbox and the delivery
        queue on its own clock whether or not anything is downloaded: its sessions are the ones that
        read those two tables, which no download touches."""
        rows = self.cp.sql(
            "SELECT thread_id, REPLACE(REPLACE(argument, '\\n', ' '), '\\t', ' ') FROM mysql.general_log "
            "WHERE command_type IN ('Query', 'Execute', 'Prepare') AND user_host NOT LIKE 'root%'")
        statements = [(row[0], re.sub(r"\s+", " ", row[1]).strip()) for row in rows if row]
        dispatcher = {thread for thread, text in statements if DISPATCHER_TABLES.search(text)}
        return [text for thread, text in statements if thread not in dispatcher]


def assert_only_counters(statements: list[str], what: str) -> None:
    others = Counter(s for s in statements if not s.startswith(COUNTERS_READ))
    assert not others, f"{what}: the workers queried the database: {others.most_common(5)}"


@FORMATS
def test_a_download_with_warm_caches_queries_nothing_but_the_counters(cp, domain, fmt, warmed):  # noqa: F811
    headers = other_spelling(warmed)
    with QueryLog(cp) as log:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(
                lambda _: requests.get(warmed.url, headers=headers, verify=warmed.repo.ca, timeout=30), range(MEASURED)))
    assert [warmed.seen(r) for r in answers] == [served(warmed)] * MEASURED
    assert_only_counters(log.worker_statements(), f"{MEASURED} {fmt} downloads")


@pytest.mark.parametrize("fmt", ["generic"])
def test_the_query_log_sees_a_cold_download(cp, domain, fmt, warmed):  # noqa: F811
    """The measurement can fail: a version no thread has read yet is looked up in the database."""
    with QueryLog(cp) as log:
        r = requests.get(warmed.url.replace("/1.1.0/", "/1.0.0/"), headers=other_spelling(warmed), verify=warmed.repo.ca,
                         timeout=30)
    assert r.status_code == 200, r.status_code
    statements = log.worker_statements()
    assert any("package_versions" in s for s in statements), statements


# ------------------------------------------------------------------ GetPackageVersionAsset (SigV4)
def asset_call(cp, domain: str):
    return lambda _: cp.client().get_package_version_asset(
        domain=domain, repository="cached", format="generic", namespace=NAMESPACE, package=PACKAGE,
        packageVersion="1.1.0", asset="payload.bin")


def warm_every_thread(cp, call) -> None:
    """Calls in parallel until every metadata thread of every worker process answered one (the
    thread count is what woke: other threads of a worker may wake too, so three more rounds follow)."""
    threads, processes = cp.stack.config["metaThreads"], worker_processes(cp.stack)
    before = thread_switches(cp.stack)
    for _ in range(20):
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(call, range(64)))
        after = thread_switches(cp.stack)
        woken = Counter(key[0] for key, n in after.items() if n != before.get(key, n))
        if len(woken) == processes and min(woken.values()) >= threads:
            with ThreadPoolExecutor(max_workers=16) as pool:
                list(pool.map(call, range(3 * 64)))
            return
    pytest.fail(f"warming woke {dict(woken)} threads; all {threads} of each of {processes} expected")


@pytest.mark.parametrize("fmt", ["generic"])
def test_get_package_version_asset_with_warm_caches_queries_nothing_but_the_counters(cp, domain, fmt, warmed):  # noqa: F811
    call = asset_call(cp, domain)
    warm_every_thread(cp, call)
    with QueryLog(cp) as log:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(call, range(MEASURED)))
    assert {hashlib.sha256(a["asset"].read()).hexdigest() for a in answers} == {served(warmed)[1]}
    assert_only_counters(log.worker_statements(), f"{MEASURED} GetPackageVersionAsset calls")


@pytest.mark.parametrize("fmt", ["generic"])
def test_get_package_version_asset_sees_a_delete_at_once(cp, domain, fmt, warmed):  # noqa: F811
    """(An Archived version's assets stay readable through the API, as in CodeArtifact; a deleted
    version's are gone.)"""
    call = asset_call(cp, domain)
    warm_every_thread(cp, call)
    cp.client().delete_package_versions(domain=domain, repository="cached", format="generic", namespace=NAMESPACE,
                                        package=PACKAGE, versions=["1.1.0"])
    with ThreadPoolExecutor(max_workers=16) as pool:
        errors = list(pool.map(lambda i: refused(call, i), range(MEASURED)))
    assert errors == ["ResourceNotFoundException"] * MEASURED, Counter(errors)


def refused(call, i) -> str:
    try:
        call(i)
    except Exception as error:  # botocore's ClientError
        return getattr(error, "response", {}).get("Error", {}).get("Code", repr(error))
    return "answered"


def test_an_access_key_made_inactive_is_refused_by_every_next_signed_request(cp, domain):
    """Access keys are remembered per thread too; sql/0017 moves the access counter when one
    changes. Changed by SQL by hand (no commit signal, so within the counters' 1 s bound): after
    1.5 s every next call on every thread is refused; made Active again, every next one answers."""
    tenant = cp.new_tenant()
    name = f"{domain}-k"
    cp.client(tenant).create_domain(domain=name)
    call = lambda _: cp.client(tenant).describe_domain(domain=name)  # noqa: E731
    warm_every_thread(cp, call)
    cp.sql(f"UPDATE access_keys SET status = 'Inactive' WHERE access_key_id = '{tenant.access_key}'")
    time.sleep(1.5)
    with ThreadPoolExecutor(max_workers=16) as pool:
        errors = list(pool.map(lambda i: refused(call, i), range(MEASURED)))
    assert "answered" not in errors and len(set(errors)) == 1, Counter(errors)
    cp.sql(f"UPDATE access_keys SET status = 'Active' WHERE access_key_id = '{tenant.access_key}'")
    time.sleep(1.5)
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda i: refused(call, i), range(MEASURED)))
    assert answers == ["answered"] * MEASURED, Counter(answers)
    cp.client(tenant).delete_domain(domain=name)
