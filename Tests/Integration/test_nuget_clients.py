"""NuGet with the real client on this machine, Debian's nuget 2.8.7 on mono (v2 feeds only: no
v3 client runs here), against the v2 feed at `{endpoint}v2/` over HTTPS with the stack's CA:
push of two packages the test builds (one depending on the other), list (latest, all versions,
pre-releases), install with and without a version (the dependency resolved and fetched first),
byte-identical files, a different package for an existing version refused with the message
nuget prints, an Unlisted version skipped for "latest" yet installable by version, wrong tokens
refused. The same packages are on the v3 resources (test_nuget_protocol.py)."""
from __future__ import annotations

import pytest

pytest_plugins = ["client_support", "nuget_support"]
pytest.register_assert_rewrite("client_support", "nuget_support")
from client_support import ok, output  # noqa: E402
from nupkg_builder import build_nupkg  # noqa: E402

LIB, APP = "Granary.Demo.Lib", "Granary.Demo.App"


def write(tmp_path, id: str, version: str, **kw):
    path = tmp_path / f"{id.lower()}.{version.lower()}.nupkg"
    path.write_bytes(build_nupkg(id, version, **kw))
    return path


@pytest.fixture
def published(repository, nugets, tmp_path):
    """LIB 1.0.0, 1.1.0 and 2.0.0-beta1, APP 1.0.0 (depending on LIB >= 1.0.0), pushed with nuget."""
    publisher = nugets("publisher")
    files = {}
    for id, version, deps in ((LIB, "1.0.0", None), (LIB, "1.1.0", None), (LIB, "2.0.0-beta1", None),
                              (APP, "1.0.0", [(None, [(LIB, "1.0.0")])])):
        files[(id, version)] = write(tmp_path, id, version, dependencies=deps, files={f"lib/net45/{id}.dll": f"{id} {version}"})
        proc = ok(publisher.push(files[(id, version)]))
        assert "Your package was pushed." in proc.stdout, output(proc)
    return files


def test_push_list_and_install_with_a_dependency(repository, nugets, published):
    assert repository.versions("nuget", LIB) == {"1.0.0": "Published", "1.1.0": "Published", "2.0.0-beta1": "Published"}
    consumer = nugets("consumer")
    assert consumer.list("Granary") == [(APP, "1.0.0"), (LIB, "1.1.0")]
    assert consumer.list("Granary", all_versions=True) == [(APP, "1.0.0"), (LIB, "1.0.0"), (LIB, "1.1.0")]
    assert consumer.list("Granary", all_versions=True, prerelease=True) == [
        (APP, "1.0.0"), (LIB, "1.0.0"), (LIB, "1.1.0"), (LIB, "2.0.0-beta1")]
    assert consumer.list("Granary", prerelease=True) == [(APP, "1.0.0"), (LIB, "2.0.0-beta1")]

    # The dependency resolves to the lowest version its range allows (NuGet's rule), fetched first.
    proc = ok(consumer.install(APP))
    assert f"Successfully installed '{LIB} 1.0.0'" in proc.stdout and f"Successfully installed '{APP} 1.0.0'" in proc.stdout, output(proc)
    assert proc.stdout.index(f"'{LIB} 1.0.0'") < proc.stdout.index(f"'{APP} 1.0.0'"), output(proc)
    for id, version in ((APP, "1.0.0"), (LIB, "1.0.0")):
        got = consumer.out / f"{id}.{version}" / f"{id}.{version}.nupkg"
        assert got.read_bytes() == published[(id, version)].read_bytes(), got
        assert (consumer.out / f"{id}.{version}" / "lib" / "net45" / f"{id}.dll").read_text() == f"{id} {version}"
    proc = ok(consumer.install(LIB))  # the latest release
    assert f"Successfully installed '{LIB} 1.1.0'" in proc.stdout, output(proc)
    proc = ok(nugets("pinned").install(LIB, "1.0.0"))
    assert f"Successfully installed '{LIB} 1.0.0'" in proc.stdout, output(proc)
    proc = ok(nugets("pre").install(LIB, prerelease=True))
    assert f"Successfully installed '{LIB} 2.0.0-beta1'" in proc.stdout, output(proc)


def test_a_different_package_for_an_existing_version_is_refused(nugets, published, tmp_path):
    publisher = nugets("again")
    proc = ok(publisher.push(published[(LIB, "1.0.0")]))  # the same bytes: accepted again
    assert "Your package was pushed." in proc.stdout, output(proc)
    (tmp_path / "other").mkdir()
    other = write(tmp_path / "other", LIB, "1.0.0", description="other bytes")
    proc = publisher.push(other)
    assert proc.returncode == 1 and "(409)" in proc.stdout and "different content" in proc.stdout, output(proc)


def test_an_unlisted_version_is_not_latest_but_installs_by_version(repository, nugets, published):
    repository.set_status("nuget", LIB, ["1.1.0"], "Unlisted")
    consumer = nugets("consumer")
    assert consumer.list("Granary") == [(APP, "1.0.0"), (LIB, "1.0.0")]
    proc = ok(consumer.install(LIB))
    assert f"Successfully installed '{LIB} 1.0.0'" in proc.stdout, output(proc)
    proc = ok(nugets("exact").install(LIB, "1.1.0"))
    assert f"Successfully installed '{LIB} 1.1.0'" in proc.stdout, output(proc)
    repository.set_status("nuget", LIB, ["1.1.0"], "Archived")
    proc = nugets("archived").install(LIB, "1.1.0")
    assert proc.returncode == 1 and "Unable to find version '1.1.0'" in proc.stdout, output(proc)


def test_wrong_and_expired_tokens_fail(repository, nugets, tmp_path):
    package = write(tmp_path, LIB, "3.0.0")
    for name, token in (("wrong", "not-a-token"), ("expired", repository.expired_token())):
        client = nugets(name, token=token)
        proc = client.push(package)
        assert proc.returncode == 1, output(proc)
        assert client.list("Granary") == []
    assert repository.versions("nuget", LIB) == {}
