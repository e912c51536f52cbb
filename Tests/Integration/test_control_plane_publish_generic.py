"""The issue's headline scenario: a generic package of several assets published with
`aws codeartifact publish-package-version` (`--unfinished`, then finished) is listed, described
and downloaded byte-for-byte with `get-package-version-asset`; nginx serves the bytes (X-Accel),
and the outbox holds one event per change. Plus the publish error paths."""
import concurrent.futures
import hashlib
import os

import pytest
import requests

from cp_support import unique

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def digests(data: bytes) -> dict:
    return {"MD5": hashlib.md5(data).hexdigest(), "SHA-1": hashlib.sha1(data).hexdigest(),
            "SHA-256": hashlib.sha256(data).hexdigest(), "SHA-512": hashlib.sha512(data).hexdigest()}


def make_assets(tmp_path) -> dict:
    assets = {
        "app.tar.gz": os.urandom(300_000),
        "README.txt": b"Granary generic package\n",
        "checksums with spaces.bin": bytes(range(256)) * 256 + b"\x00\r\n",
    }
    for name, data in assets.items():
        (tmp_path / name).write_bytes(data)
    return assets


@TLS
def test_generic_package_with_the_aws_cli(cp, domain, tmp_path, tls):
    c = cp.client()
    c.create_repository(domain=domain, repository="generic-store")
    assets = make_assets(tmp_path)
    names = list(assets)
    pkg = ["--domain", domain, "--repository", "generic-store", "--format", "generic", "--namespace", "my-ns",
           "--package", "my-package"]

    def publish(name: str, unfinished: bool) -> dict:
        args = [*pkg, "--package-version", "1.0.0", "--asset-content", str(tmp_path / name), "--asset-name", name,
                "--asset-sha256", hashlib.sha256(assets[name]).hexdigest()]
        return cp.aws("publish-package-version", *args, *(["--unfinished"] if unfinished else []), tls=tls)

    # Two assets with --unfinished: the version stays Unfinished.
    revisions = []
    for name in names[:2]:
        out = publish(name, unfinished=True)
        assert (out["format"], out["namespace"], out["package"], out["version"]) == ("generic", "my-ns", "my-package", "1.0.0")
        assert out["status"] == "Unfinished"
        assert out["asset"] == {"name": name, "size": len(assets[name]), "hashes": digests(assets[name])}
        revisions.append(out["versionRevision"])
    assert revisions[0] != revisions[1], "adding an asset changes the revision"
    mid = cp.aws("describe-package-version", *pkg, "--package-version", "1.0.0", tls=tls)["packageVersion"]
    assert mid["status"] == "Unfinished" and mid["revision"] == revisions[1]

    # The last one without --unfinished: Published.
    final = publish(names[2], unfinished=False)
    assert final["status"] == "Published"
    revision = final["versionRevision"]
    assert revision not in revisions

    # Listed, described and downloaded (independent CLI runs, started together).
    downloads = {name: tmp_path / f"download-{i}" for i, name in enumerate(assets)}
    packages, versions, described, pv, listed, *_ = cp.parallel(
        lambda: cp.aws("list-packages", "--domain", domain, "--repository", "generic-store", tls=tls),
        lambda: cp.aws("list-package-versions", *pkg, tls=tls),
        lambda: cp.aws("describe-package", *pkg, tls=tls),
        lambda: cp.aws("describe-package-version", *pkg, "--package-version", "1.0.0", tls=tls),
        lambda: cp.aws("list-package-version-assets", *pkg, "--package-version", "1.0.0", tls=tls),
        *[lambda name=name, out=out: cp.aws("get-package-version-asset", *pkg, "--package-version", "1.0.0",
                                            "--asset", name, str(out), tls=tls)
          for name, out in downloads.items()])

    assert packages["packages"] == [{"format": "generic", "namespace": "my-ns", "package": "my-package",
                                     "originConfiguration": {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}}]
    assert versions["defaultDisplayVersion"] == "1.0.0"
    assert (versions["format"], versions["namespace"], versions["package"]) == ("generic", "my-ns", "my-package")
    assert [(v["version"], v["status"], v["revision"]) for v in versions["versions"]] == [("1.0.0", "Published", revision)]
    assert versions["versions"][0]["origin"] == {
        "domainEntryPoint": {"repositoryName": "generic-store"}, "originType": "INTERNAL"}

    described = described["package"]
    assert (described["format"], described["namespace"], described["name"]) == ("generic", "my-ns", "my-package")
    assert described["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "BLOCK"}
    pv = pv["packageVersion"]
    assert pv["status"] == "Published" and pv["revision"] == revision
    assert (pv["format"], pv["namespace"], pv["packageName"], pv["version"]) == ("generic", "my-ns", "my-package", "1.0.0")
    assert pv["origin"]["originType"] == "INTERNAL"
    assert pv["origin"]["domainEntryPoint"]["repositoryName"] == "generic-store"
    assert float(pv["publishedTime"]) > 0

    assert listed["versionRevision"] == revision
    assert [a["name"] for a in listed["assets"]] == sorted(names)
    for a in listed["assets"]:
        assert a["size"] == len(assets[a["name"]]) and a["hashes"] == digests(assets[a["name"]])

    # Downloaded byte for byte.
    for name, out in downloads.items():
        assert out.read_bytes() == assets[name], f"{name}: downloaded bytes differ"

    # A finished version cannot take another asset.
    err = cp.aws_error("ConflictException", "publish-package-version", *pkg, "--package-version", "1.0.0",
                       "--asset-content", str(tmp_path / names[0]), "--asset-name", "late.bin",
                       "--asset-sha256", hashlib.sha256(assets[names[0]]).hexdigest(), tls=tls)
    assert "PublishPackageVersion" in err.stderr


@TLS
def test_get_package_version_asset_reports_the_model_headers(cp, domain, tls):
    """X-AssetName, X-PackageVersion and X-PackageVersionRevision are output members of
    GetPackageVersionAsset: botocore reads them from the response headers."""
    c = cp.client(tls=tls)
    c.create_repository(domain=domain, repository="repo")
    data = os.urandom(5000)
    rev = cp.publish(domain, "repo", "pkg", "2.1", "file.bin", data)["versionRevision"]
    r = c.get_package_version_asset(domain=domain, repository="repo", format="generic", namespace="ns", package="pkg",
                                    packageVersion="2.1", asset="file.bin")
    assert r["asset"].read() == data
    assert (r.get("assetName"), r.get("packageVersion"), r.get("packageVersionRevision")) == ("file.bin", "2.1", rev), \
        r["ResponseMetadata"]["HTTPHeaders"]


def test_get_package_version_asset_headers_with_the_aws_cli(cp, domain, tmp_path):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    rev = cp.publish(domain, "repo", "pkg", "3.0", "f.txt", b"abc")["versionRevision"]
    out = cp.aws("get-package-version-asset", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "pkg", "--package-version", "3.0", "--asset", "f.txt",
                 str(tmp_path / "f.txt"))
    assert (tmp_path / "f.txt").read_bytes() == b"abc"
    assert out == {"assetName": "f.txt", "packageVersion": "3.0", "packageVersionRevision": rev}


@TLS
def test_download_is_served_by_nginx(cp, domain, tls):
    """Range is nginx's business (the worker answers 200 with X-Accel-Redirect and nginx sends
    206 from the file): a ranged, signed GET must come back 206 with exactly those bytes, and
    the access log must show status 206 for an upstream status of 200."""
    c = cp.client(tls=tls)
    c.create_repository(domain=domain, repository="repo")
    data = os.urandom(200_000)
    cp.publish(domain, "repo", "big", "1.0", "blob.bin", data, tls=tls)
    sha = hashlib.sha256(data).hexdigest()
    params = dict(domain=domain, repository="repo", format="generic", namespace="ns", package="big",
                  packageVersion="1.0", asset="blob.bin")

    # 1. A presigned URL (query-string SigV4), Range added afterwards.
    url = c.generate_presigned_url("get_package_version_asset", Params=params, ExpiresIn=300)
    assert "X-Amz-Signature=" in url
    r = requests.get(url, headers={"Range": "bytes=1000-1999"}, verify=cp.stack.ca_bundle, timeout=30)
    assert r.status_code == 206, r.text[:300]
    assert r.headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert r.content == data[1000:2000]
    assert r.headers["ETag"] == f'"{sha}"'
    assert "X-Accel-Redirect" not in r.headers

    # 2. The same without Range: the whole asset, with nginx's Content-Length.
    r = requests.get(url, verify=cp.stack.ca_bundle, timeout=30)
    assert r.status_code == 200 and r.content == data
    assert r.headers["Content-Length"] == str(len(data))
    assert r.headers.get("Accept-Ranges") == "bytes"

    # 3. Authorization-header SigV4 (botocore's signer), with a suffix range.
    query = {"domain": domain, "repository": "repo", "format": "generic", "namespace": "ns", "package": "big",
             "version": "1.0", "asset": "blob.bin"}
    r = cp.signed("GET", "/v1/package/version/asset", params=query, headers={"Range": "bytes=-100"}, tls=tls)
    assert r.status_code == 206, r.text[:300]
    assert r.content == data[-100:]
    assert r.headers["Content-Range"] == f"bytes {len(data) - 100}-{len(data) - 1}/{len(data)}"

    # 4. nginx's own record of it: 206 sent, 200 from the worker (X-Accel), 100 bytes.
    lines = cp.access_log_lines(f"domain={domain}&", "GET /v1/package/version/asset", '" 206 100 ', wait=3)
    assert lines, cp.access_log_lines(f"domain={domain}&")
    assert " ust=200 " in lines[-1], lines[-1]


def test_download_of_missing_things_is_not_found(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    pub = cp.publish(domain, "repo", "pkg", "1.0", "a.bin", b"a")
    base = dict(domain=domain, repository="repo", format="generic", namespace="ns", package="pkg")
    for kw in (dict(packageVersion="1.0", asset="other.bin"), dict(packageVersion="9.9", asset="a.bin"),
               dict(packageVersion="1.0", asset="a.bin", packageVersionRevision="not-the-revision")):
        with pytest.raises(c.exceptions.ResourceNotFoundException):
            c.get_package_version_asset(**base, **kw)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_package_version_asset(**dict(base, package="nope"), packageVersion="1.0", asset="a.bin")
    ok = c.get_package_version_asset(**base, packageVersion="1.0", asset="a.bin",
                                     packageVersionRevision=pub["versionRevision"])
    assert ok["asset"].read() == b"a"


def test_unfinished_version_collects_assets_until_published(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    first = cp.publish(domain, "repo", "multi", "0.1", "one", b"1", unfinished=True)
    assert first["status"] == "Unfinished"
    # The same bytes again are idempotent (no new revision); different bytes under the same name conflict.
    again = cp.publish(domain, "repo", "multi", "0.1", "one", b"1", unfinished=True)
    assert again["status"] == "Unfinished" and again["versionRevision"] == first["versionRevision"]
    with pytest.raises(c.exceptions.ConflictException):
        cp.publish(domain, "repo", "multi", "0.1", "one", b"different", unfinished=True)
    second = cp.publish(domain, "repo", "multi", "0.1", "two", b"22", unfinished=False)
    assert second["status"] == "Published"
    assets = c.list_package_version_assets(domain=domain, repository="repo", format="generic", namespace="ns",
                                           package="multi", packageVersion="0.1")
    assert [a["name"] for a in assets["assets"]] == ["one", "two"]
    assert assets["versionRevision"] == second["versionRevision"]
    # Published is final: neither a new asset nor the same one again.
    with pytest.raises(c.exceptions.ConflictException):
        cp.publish(domain, "repo", "multi", "0.1", "three", b"3")
    with pytest.raises(c.exceptions.ConflictException):
        cp.publish(domain, "repo", "multi", "0.1", "two", b"22")
    with pytest.raises(c.exceptions.ConflictException):
        cp.publish(domain, "repo", "multi", "0.1", "four", b"4", unfinished=True)


def test_concurrent_publishes_of_one_package_all_land(cp, domain):
    # Each new version bumps its package's listing stamp; the lock on the package row is taken
    # before the version row's foreign-key check (sql/0018), so concurrent publishes queue instead
    # of deadlocking each other into 500s.
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    versions = [f"1.0.{n}" for n in range(40)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda v: cp.publish(domain, "repo", "busy", v, "a.bin", v.encode()), versions))
    assert all(r["status"] == "Published" for r in results)
    listed = c.list_package_versions(domain=domain, repository="repo", format="generic", namespace="ns",
                                     package="busy", maxResults=100)["versions"]
    assert sorted(v["version"] for v in listed) == sorted(versions)


def test_sha256_mismatch_is_refused_and_stores_nothing(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    data = os.urandom(70_000)
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(c.exceptions.ValidationException) as e:
        c.publish_package_version(domain=domain, repository="repo", format="generic", namespace="ns", package="p",
                                  packageVersion="1", assetName="x.bin", assetContent=data, assetSHA256=wrong)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert not cp.stack.blob_path(hashlib.sha256(data).hexdigest()).exists()
    assert not cp.stack.blob_path(wrong).exists()
    assert cp.stack.tmp_files() == set()
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_package(domain=domain, repository="repo", format="generic", namespace="ns", package="p")
    assert cp.events(domain) == []


def test_sha256_mismatch_with_the_aws_cli(cp, domain, tmp_path):
    cp.client().create_repository(domain=domain, repository="repo")
    (tmp_path / "f").write_bytes(b"payload")
    cp.aws_error("ValidationException", "publish-package-version", "--domain", domain, "--repository", "repo",
                 "--format", "generic", "--namespace", "ns", "--package", "p", "--package-version", "1",
                 "--asset-content", str(tmp_path / "f"), "--asset-name", "f",
                 "--asset-sha256", hashlib.sha256(b"other").hexdigest(), tls=True)


def test_publish_needs_a_real_sha256(cp, domain):
    """x-amz-content-sha256 is the assetSHA256 member: UNSIGNED-PAYLOAD cannot stand in for it."""
    cp.client().create_repository(domain=domain, repository="repo")
    query = {"domain": domain, "repository": "repo", "format": "generic", "namespace": "ns", "package": "p",
             "version": "1", "asset": "a"}
    r = cp.signed("POST", "/v1/package/version/publish", params=query, body=b"abc", payload_hash="UNSIGNED-PAYLOAD")
    assert r.status_code == 400, r.text
    assert r.headers.get("x-amzn-ErrorType", "").startswith("ValidationException"), r.headers
    ok = cp.signed("POST", "/v1/package/version/publish", params=query, body=b"abc",
                   payload_hash=hashlib.sha256(b"abc").hexdigest())
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "Published"


def test_publish_validation_and_not_found(cp, domain):
    c = cp.client(parameter_validation=False)
    c.create_repository(domain=domain, repository="repo")
    data = b"x"
    sha = hashlib.sha256(data).hexdigest()
    base = dict(domain=domain, repository="repo", namespace="ns", package="p", packageVersion="1",
                assetName="a", assetContent=data, assetSHA256=sha)
    with pytest.raises(c.exceptions.ValidationException):
        c.publish_package_version(**dict(base, format="npm"))
    with pytest.raises(c.exceptions.ValidationException):
        c.publish_package_version(**dict(base, format="generic", packageVersion="has space"))
    with pytest.raises(c.exceptions.ValidationException):
        c.publish_package_version(**dict(base, format="generic", package="sl/ash"))
    with pytest.raises(c.exceptions.ValidationException):
        c.publish_package_version(**dict(base, format="generic", assetSHA256="ABC"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.publish_package_version(**dict(base, format="generic", repository="missing"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.publish_package_version(**dict(base, format="generic", domain=unique("nope")))


def test_publish_blocked_by_origin_configuration(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    out = c.put_package_origin_configuration(domain=domain, repository="repo", format="generic", namespace="ns",
                                             package="locked", restrictions={"publish": "BLOCK", "upstream": "ALLOW"})
    assert out["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}
    with pytest.raises(c.exceptions.AccessDeniedException):
        cp.publish(domain, "repo", "locked", "1.0", "a", b"a")
    c.put_package_origin_configuration(domain=domain, repository="repo", format="generic", namespace="ns",
                                       package="locked", restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    assert cp.publish(domain, "repo", "locked", "1.0", "a", b"a")["status"] == "Published"


def test_outbox_events_follow_the_publish(cp, domain):
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    r1 = cp.publish(domain, "repo", "evt", "1.0", "one", b"1", unfinished=True)
    cp.publish(domain, "repo", "evt", "1.0", "one", b"1", unfinished=True)  # no change: no event
    r2 = cp.publish(domain, "repo", "evt", "1.0", "two", b"2", unfinished=True)
    r3 = cp.publish(domain, "repo", "evt", "1.0", "three", b"3")
    events = cp.events(domain, "evt")
    assert [(e["detail"]["operationType"], e["detail"]["packageVersionState"]) for e in events] == [
        ("Created", "Unfinished"), ("Updated", "Unfinished"), ("Updated", "Published")]
    assert [e["detail"]["packageVersionRevision"] for e in events] == [
        r1["versionRevision"], r2["versionRevision"], r3["versionRevision"]]
    assert [e["detail"]["changes"]["assetsAdded"] for e in events] == [1, 1, 1]
    assert [e["detail"]["changes"]["statusChanged"] for e in events] == [True, False, True]
    acct = cp.admin.account
    for e in events:
        assert e["detail-type"] == "CodeArtifact Package Version State Change"
        assert e["source"] == "aws.codeartifact"
        assert e["account"] == acct and e["region"] == cp.region
        assert e["resources"] == [f"arn:aws:codeartifact:{cp.region}:{acct}:package/{domain}/repo/generic/ns/evt"]
        d = e["detail"]
        assert (d["domainName"], d["domainOwner"], d["repositoryName"], d["repositoryAdministrator"]) == (
            domain, acct, "repo", acct)
        assert (d["packageFormat"], d["packageNamespace"], d["packageName"], d["packageVersion"]) == (
            "generic", "ns", "evt", "1.0")
        assert d["eventDeduplicationId"] == e["id"]
    assert len({e["id"] for e in events}) == 3
