import time
"""Batch operations on versions: UpdatePackageVersionsStatus (transitions, expectedStatus,
versionRevisions, per-version error codes, all-or-nothing), DeletePackageVersions,
DisposePackageVersions, CopyPackageVersions (reference copies), and their outbox events."""
import pytest

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def pkg(domain, package="lib", repository="repo"):
    return dict(domain=domain, repository=repository, format="generic", namespace="ns", package=package)


def status_of(c, domain, version, package="lib", repository="repo"):
    return c.describe_package_version(**pkg(domain, package, repository), packageVersion=version)["packageVersion"]


@pytest.fixture
def versions(cp, domain):
    """repo/lib with 1.0 and 1.1 Published; returns {version: revision}."""
    cp.client().create_repository(domain=domain, repository="repo")
    return {v: cp.publish(domain, "repo", "lib", v, f"lib-{v}.tgz", f"content {v}".encode())["versionRevision"]
            for v in ("1.0", "1.1")}


def states(cp, domain):
    return [(e["detail"]["packageVersion"], e["detail"]["operationType"], e["detail"]["packageVersionState"])
            for e in cp.events(domain)]


@TLS
def test_status_transitions(cp, domain, versions, tls):
    c = cp.client(tls=tls)
    for target in ("Unlisted", "Archived", "Published", "Archived"):
        out = c.update_package_versions_status(**pkg(domain), versions=["1.0", "1.1"], targetStatus=target)
        assert out["failedVersions"] == {}
        assert set(out["successfulVersions"]) == {"1.0", "1.1"}
        for v, result in out["successfulVersions"].items():
            assert result["status"] == target
            described = status_of(c, domain, v)
            assert described["status"] == target and described["revision"] == result["revision"]
            assert result["revision"] != versions[v]
            versions[v] = result["revision"]
    updates = [s for s in states(cp, domain) if s[1] == "Updated"]
    assert [s[2] for s in updates if s[0] == "1.0"] == ["Unlisted", "Archived", "Published", "Archived"]


def test_status_with_the_aws_cli(cp, domain, versions):
    args = ["--domain", domain, "--repository", "repo", "--format", "generic", "--namespace", "ns", "--package", "lib"]
    out = cp.aws("update-package-versions-status", *args, "--versions", "1.0", "--target-status", "Unlisted",
                 "--expected-status", "Published")
    assert out["successfulVersions"]["1.0"]["status"] == "Unlisted"
    assert out.get("failedVersions", {}) == {}
    out = cp.aws("update-package-versions-status", *args, "--versions", "1.0", "1.1", "--target-status", "Archived",
                 "--expected-status", "Published", tls=True)
    assert out["failedVersions"]["1.0"]["errorCode"] == "MISMATCHED_STATUS"
    assert out["failedVersions"]["1.1"]["errorCode"] == "SKIPPED"
    assert out.get("successfulVersions", {}) == {}
    cp.aws_error("ValidationException", "update-package-versions-status", *args, "--versions", "1.0",
                 "--target-status", "Disposed")


def test_unfinished_can_be_published_by_status_update(cp, domain, versions):
    """CodeArtifact: omit --unfinished on the last asset, or set the status with UpdatePackageVersionsStatus."""
    c = cp.client()
    cp.publish(domain, "repo", "lib", "2.0", "part1", b"1", unfinished=True)
    out = c.update_package_versions_status(**pkg(domain), versions=["2.0"], expectedStatus="Unfinished",
                                           targetStatus="Published")
    assert out["successfulVersions"]["2.0"]["status"] == "Published"
    assert status_of(c, domain, "2.0")["status"] == "Published"
    with pytest.raises(c.exceptions.ConflictException):
        cp.publish(domain, "repo", "lib", "2.0", "part2", b"2", unfinished=True)
    assert [e[1:] for e in states(cp, domain) if e[0] == "2.0"] == [("Created", "Unfinished"), ("Updated", "Published")]


def test_expected_status_mismatch_changes_nothing(cp, domain, versions):
    c = cp.client()
    c.update_package_versions_status(**pkg(domain), versions=["1.1"], targetStatus="Unlisted")
    before = {v: status_of(c, domain, v) for v in versions}
    n_events = len(cp.events(domain))
    out = c.update_package_versions_status(**pkg(domain), versions=["1.0", "1.1"], expectedStatus="Published",
                                           targetStatus="Archived")
    assert out["successfulVersions"] == {}
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_STATUS"
    assert out["failedVersions"]["1.1"]["errorMessage"]
    assert out["failedVersions"]["1.0"]["errorCode"] == "SKIPPED"
    assert {v: status_of(c, domain, v) for v in versions} == before
    assert len(cp.events(domain)) == n_events


def test_version_revisions(cp, domain, versions):
    """`versions` is required by the model, so clients send versionRevisions together with it."""
    c = cp.client()
    out = c.update_package_versions_status(**pkg(domain), versions=["1.0", "1.1"],
                                           versionRevisions={"1.0": versions["1.0"], "1.1": "wrong"},
                                           targetStatus="Archived")
    assert out["successfulVersions"] == {}
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_REVISION"
    assert out["failedVersions"]["1.0"]["errorCode"] == "SKIPPED"
    assert status_of(c, domain, "1.0")["status"] == "Published"
    out = c.update_package_versions_status(**pkg(domain), versions=list(versions), versionRevisions=versions,
                                           targetStatus="Archived")
    assert out["failedVersions"] == {} and set(out["successfulVersions"]) == {"1.0", "1.1"}
    # The old revisions are stale now.
    out = c.update_package_versions_status(**pkg(domain), versions=["1.0"], versionRevisions={"1.0": versions["1.0"]},
                                           targetStatus="Published")
    assert out["failedVersions"]["1.0"]["errorCode"] == "MISMATCHED_REVISION"


def test_version_revisions_with_the_aws_cli(cp, domain, versions):
    out = cp.aws("update-package-versions-status", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "lib", "--versions", "1.0",
                 "--version-revisions", f"1.0={versions['1.0']}", "--target-status", "Unlisted")
    assert out["successfulVersions"]["1.0"]["status"] == "Unlisted"


def test_unknown_version_fails_the_batch(cp, domain, versions):
    c = cp.client()
    out = c.update_package_versions_status(**pkg(domain), versions=["1.0", "9.9"], targetStatus="Unlisted")
    assert out["failedVersions"]["9.9"]["errorCode"] == "NOT_FOUND"
    assert out["failedVersions"]["1.0"]["errorCode"] == "SKIPPED"
    assert out["successfulVersions"] == {}
    assert status_of(c, domain, "1.0")["status"] == "Published"


def test_disposed_versions_cannot_change_status(cp, domain, versions):
    c = cp.client()
    c.dispose_package_versions(**pkg(domain), versions=["1.1"])
    out = c.update_package_versions_status(**pkg(domain), versions=["1.0", "1.1"], targetStatus="Published")
    assert out["failedVersions"]["1.1"]["errorCode"] == "NOT_ALLOWED"
    assert status_of(c, domain, "1.1")["status"] == "Disposed"


def test_status_request_validation(cp, domain, versions):
    c = cp.client(parameter_validation=False)
    for target in ("Disposed", "Deleted", "Unfinished", "Nonsense"):
        with pytest.raises(c.exceptions.ValidationException):
            c.update_package_versions_status(**pkg(domain), versions=["1.0"], targetStatus=target)
    with pytest.raises(c.exceptions.ValidationException):
        c.update_package_versions_status(**pkg(domain), versions=[], targetStatus="Archived")
    with pytest.raises(c.exceptions.ValidationException):
        c.update_package_versions_status(**pkg(domain), versions=["1.0"], expectedStatus="Nonsense", targetStatus="Archived")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.update_package_versions_status(**pkg(domain, package="missing"), versions=["1.0"], targetStatus="Archived")
    assert status_of(c, domain, "1.0")["status"] == "Published"


# --------------------------------------------------------------------------------- delete

@TLS
def test_delete_package_versions(cp, domain, versions, tls):
    c = cp.client(tls=tls)
    out = c.delete_package_versions(**pkg(domain), versions=["1.0", "9.9"])
    assert out["successfulVersions"]["1.0"]["status"] == "Deleted"
    assert out["failedVersions"]["9.9"]["errorCode"] == "NOT_FOUND"
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        status_of(c, domain, "1.0")
    assert [v["version"] for v in c.list_package_versions(**pkg(domain))["versions"]] == ["1.1"]
    out = c.delete_package_versions(**pkg(domain), versions=["1.1"], expectedStatus="Archived")
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_STATUS"
    assert status_of(c, domain, "1.1")["status"] == "Published"
    assert ("1.0", "Deleted", "Deleted") in states(cp, domain)


def test_delete_package_versions_with_the_aws_cli(cp, domain, versions):
    out = cp.aws("delete-package-versions", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "lib", "--versions", "1.1", "--expected-status", "Published")
    assert out["successfulVersions"]["1.1"]["status"] == "Deleted"
    # A deleted version's number can be published again.
    assert cp.publish(domain, "repo", "lib", "1.1", "again", b"again")["status"] == "Published"


# -------------------------------------------------------------------------------- dispose

@TLS
def test_dispose_package_versions(cp, domain, versions, tls):
    c = cp.client(tls=tls)
    out = c.dispose_package_versions(**pkg(domain), versions=["1.0"])
    assert out["successfulVersions"]["1.0"]["status"] == "Disposed"
    described = status_of(c, domain, "1.0")
    assert described["status"] == "Disposed" and described["revision"] == out["successfulVersions"]["1.0"]["revision"]
    assert c.list_package_version_assets(**pkg(domain), packageVersion="1.0")["assets"] == []
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_package_version_asset(**pkg(domain), packageVersion="1.0", asset="lib-1.0.tgz")
    # 1.1 keeps its asset.
    assert c.get_package_version_asset(**pkg(domain), packageVersion="1.1", asset="lib-1.1.tgz")["asset"].read() == b"content 1.1"
    # versionRevisions and expectedStatus are checked per version.
    out = c.dispose_package_versions(**pkg(domain), versions=["1.1"], versionRevisions={"1.1": "wrong"})
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_REVISION"
    out = c.dispose_package_versions(**pkg(domain), versions=["1.1"], expectedStatus="Archived")
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_STATUS"
    out = c.dispose_package_versions(**pkg(domain), versions=["9.9"])
    assert out["failedVersions"]["9.9"]["errorCode"] == "NOT_FOUND"
    assert status_of(c, domain, "1.1")["status"] == "Published"
    disposed = [e["detail"] for e in cp.events(domain) if e["detail"]["packageVersionState"] == "Disposed"]
    assert [(d["packageVersion"], d["operationType"], d["changes"]["assetsRemoved"]) for d in disposed] == [("1.0", "Updated", 1)]


def test_dispose_with_the_aws_cli(cp, domain, versions):
    out = cp.aws("dispose-package-versions", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "lib", "--versions", "1.0", "1.1", tls=True)
    assert {v: r["status"] for v, r in out["successfulVersions"].items()} == {"1.0": "Disposed", "1.1": "Disposed"}


# ----------------------------------------------------------------------------------- copy

@TLS
def test_copy_package_versions_is_a_reference_copy(cp, domain, versions, tls):
    c = cp.client(tls=tls)
    c.create_repository(domain=domain, repository="dest")
    blobs_before = cp.stack.blob_files()
    out = c.copy_package_versions(domain=domain, sourceRepository="repo", destinationRepository="dest", format="generic",
                                  namespace="ns", package="lib", versions=["1.0", "1.1"])
    assert out["failedVersions"] == {}
    assert {v: r["status"] for v, r in out["successfulVersions"].items()} == {"1.0": "Published", "1.1": "Published"}
    assert cp.stack.blob_files() == blobs_before, "a copy must not write blob files"
    src_assets = c.list_package_version_assets(**pkg(domain), packageVersion="1.0")["assets"]
    dst_assets = c.list_package_version_assets(**pkg(domain, repository="dest"), packageVersion="1.0")["assets"]
    assert dst_assets == src_assets
    body = c.get_package_version_asset(**pkg(domain, repository="dest"), packageVersion="1.1", asset="lib-1.1.tgz")
    assert body["asset"].read() == b"content 1.1"
    dest_desc = status_of(c, domain, "1.0", repository="dest")
    assert dest_desc["status"] == "Published"
    assert dest_desc["revision"] == out["successfulVersions"]["1.0"]["revision"]
    created = [e["detail"] for e in cp.events(domain) if e["detail"]["repositoryName"] == "dest"]
    assert sorted((d["packageVersion"], d["operationType"], d["packageVersionState"]) for d in created) == [
        ("1.0", "Created", "Published"), ("1.1", "Created", "Published")]
    # The source is untouched.
    assert c.list_package_version_assets(**pkg(domain), packageVersion="1.0")["assets"] == src_assets


def test_copy_conflicts_and_overwrite(cp, domain, versions):
    c = cp.client()
    c.create_repository(domain=domain, repository="dest")
    copy = dict(domain=domain, sourceRepository="repo", destinationRepository="dest", format="generic",
                namespace="ns", package="lib")
    c.copy_package_versions(**copy, versions=["1.0"])
    first_rev = status_of(c, domain, "1.0", repository="dest")["revision"]
    out = c.copy_package_versions(**copy, versions=["1.0"])
    assert out["failedVersions"]["1.0"]["errorCode"] == "ALREADY_EXISTS"
    assert status_of(c, domain, "1.0", repository="dest")["revision"] == first_rev
    out = c.copy_package_versions(**copy, versions=["1.0"], allowOverwrite=True)
    assert out["successfulVersions"]["1.0"]["status"] == "Published"
    assert status_of(c, domain, "1.0", repository="dest")["revision"] != first_rev

    cp.publish(domain, "repo", "lib", "2.0-wip", "x", b"x", unfinished=True)
    out = c.copy_package_versions(**copy, versions=["2.0-wip", "9.9"])
    assert out["failedVersions"]["2.0-wip"]["errorCode"] == "NOT_ALLOWED"
    assert out["failedVersions"]["9.9"]["errorCode"] == "NOT_FOUND"
    out = c.copy_package_versions(**copy, versionRevisions={"1.1": "wrong"})
    assert out["failedVersions"]["1.1"]["errorCode"] == "MISMATCHED_REVISION"
    out = c.copy_package_versions(**copy, versionRevisions={"1.1": versions["1.1"]})
    assert out["successfulVersions"]["1.1"]["status"] == "Published"


def test_copy_keeps_the_status(cp, domain, versions):
    c = cp.client()
    c.create_repository(domain=domain, repository="dest")
    c.update_package_versions_status(**pkg(domain), versions=["1.1"], targetStatus="Archived")
    out = c.copy_package_versions(domain=domain, sourceRepository="repo", destinationRepository="dest",
                                  format="generic", namespace="ns", package="lib", versions=["1.1"])
    assert out["successfulVersions"]["1.1"]["status"] == "Archived"
    assert status_of(c, domain, "1.1", repository="dest")["status"] == "Archived"


def test_copy_errors(cp, domain, versions):
    c = cp.client()
    copy = dict(domain=domain, format="generic", namespace="ns", package="lib", versions=["1.0"])
    with pytest.raises(c.exceptions.ValidationException):
        c.copy_package_versions(**copy, sourceRepository="repo", destinationRepository="repo")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.copy_package_versions(**copy, sourceRepository="repo", destinationRepository="missing")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.copy_package_versions(**copy, sourceRepository="missing", destinationRepository="repo")
    c.create_repository(domain=domain, repository="dest")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.copy_package_versions(**dict(copy, package="missing"), sourceRepository="repo", destinationRepository="dest")
    with pytest.raises(c.exceptions.ValidationException):
        c.copy_package_versions(**copy, versionRevisions={"1.0": versions["1.0"]}, sourceRepository="repo",
                                destinationRepository="dest")


def test_copy_with_the_aws_cli(cp, domain, versions):
    cp.client().create_repository(domain=domain, repository="dest")
    out = cp.aws("copy-package-versions", "--domain", domain, "--source-repository", "repo", "--destination-repository",
                 "dest", "--format", "generic", "--namespace", "ns", "--package", "lib", "--versions", "1.0", "1.1")
    assert set(out["successfulVersions"]) == {"1.0", "1.1"}
    out = cp.aws("copy-package-versions", "--domain", domain, "--source-repository", "repo", "--destination-repository",
                 "dest", "--format", "generic", "--namespace", "ns", "--package", "lib", "--versions", "1.0",
                 "--allow-overwrite", tls=True)
    assert out["successfulVersions"]["1.0"]["status"] == "Published"


# --------------------------------------------------------------------------------- events

def test_outbox_events_follow_the_whole_lifecycle(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    revs = [cp.publish(domain, "repo", "life", "1.0", "a.bin", b"a" * 1000)["versionRevision"]]
    for target in ("Unlisted", "Archived"):
        out = c.update_package_versions_status(**pkg(domain, "life"), versions=["1.0"], targetStatus=target)
        revs.append(out["successfulVersions"]["1.0"]["revision"])
    out = c.dispose_package_versions(**pkg(domain, "life"), versions=["1.0"])
    revs.append(out["successfulVersions"]["1.0"]["revision"])
    c.delete_package_versions(**pkg(domain, "life"), versions=["1.0"])
    events = cp.events(domain, "life")
    assert [(e["detail"]["operationType"], e["detail"]["packageVersionState"]) for e in events] == [
        ("Created", "Published"), ("Updated", "Unlisted"), ("Updated", "Archived"), ("Updated", "Disposed"),
        ("Deleted", "Deleted")]
    assert [e["detail"]["packageVersionRevision"] for e in events[:4]] == revs
    assert events[3]["detail"]["changes"]["assetsRemoved"] == 1
    assert len({e["detail"]["eventDeduplicationId"] for e in events}) == 5
    for e in events:
        assert e["detail-type"] == "CodeArtifact Package Version State Change"
        assert e["detail"]["packageVersion"] == "1.0"
    assert [e["detail"]["sequenceNumber"] for e in events] == [1, 2, 3, 4, 5]
    # The dispatcher moves them from the outbox onto the domain owner's default bus, each once.
    ids = ",".join(f"'{e['id']}'" for e in events)
    deadline = time.time() + 30
    while cp.sql(f"SELECT COUNT(*) FROM outbox_events WHERE event_uuid IN ({ids})") != [["0"]]:
        assert time.time() < deadline, "the dispatcher left the events in the outbox"
        time.sleep(0.2)
    rows = cp.sql(f"SELECT account_id, bus_name, detail_type, COUNT(*) FROM bus_events WHERE event_uuid IN ({ids}) "
                  "GROUP BY account_id, bus_name, detail_type")
    assert rows == [[cp.admin.account, "default", "CodeArtifact Package Version State Change", "5"]]
