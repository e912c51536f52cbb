"""Packages and versions: ListPackages (format / namespace / prefix / publish / upstream filters),
DescribePackage, DeletePackage, PutPackageOriginConfiguration, ListPackageVersions (status and
origin filters, PUBLISHED_TIME sort), DescribePackageVersion, ListPackageVersionAssets,
GetPackageVersionReadme, ListPackageVersionDependencies."""
import time

import pytest

TLS = pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])


def pkg(domain, package, namespace="ns", repository="repo"):
    d = dict(domain=domain, repository=repository, format="generic", package=package)
    if namespace is not None:
        d["namespace"] = namespace
    return d


@pytest.fixture
def repo(cp, domain):
    cp.client().create_repository(domain=domain, repository="repo")
    return "repo"


@TLS
def test_list_packages_filters(cp, domain, repo, tls):
    c = cp.client(tls=tls)
    for ns, name in [("alpha", "tool"), ("alpha", "toolbox"), ("beta", "tool"), ("beta", "other")]:
        cp.publish(domain, repo, name, "1.0", "a", b"a", namespace=ns)
    c.put_package_origin_configuration(**pkg(domain, "other", "beta"), restrictions={"publish": "BLOCK", "upstream": "ALLOW"})

    def listed(**kw):
        return [(p["namespace"], p["package"]) for p in c.list_packages(domain=domain, repository=repo, **kw)["packages"]]

    everything = listed()
    assert sorted(everything) == [("alpha", "tool"), ("alpha", "toolbox"), ("beta", "other"), ("beta", "tool")]
    assert listed(format="generic") == everything
    assert listed(format="npm") == []
    assert sorted(listed(namespace="alpha")) == [("alpha", "tool"), ("alpha", "toolbox")]
    assert sorted(listed(packagePrefix="tool")) == [("alpha", "tool"), ("alpha", "toolbox"), ("beta", "tool")]
    assert listed(namespace="beta", packagePrefix="to") == [("beta", "tool")]
    assert listed(publish="BLOCK") == [("beta", "other")]
    assert sorted(listed(publish="ALLOW")) == [("alpha", "tool"), ("alpha", "toolbox"), ("beta", "tool")]
    assert listed(upstream="ALLOW") == [("beta", "other")]
    assert len(listed(upstream="BLOCK")) == 3
    out = c.list_packages(domain=domain, repository=repo, publish="BLOCK")["packages"][0]
    assert out == {"format": "generic", "namespace": "beta", "package": "other",
                   "originConfiguration": {"restrictions": {"publish": "BLOCK", "upstream": "ALLOW"}}}


def test_list_packages_with_the_aws_cli(cp, domain, repo):
    cp.publish(domain, repo, "cli-pkg", "1.0", "a", b"a")
    out = cp.aws("list-packages", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--package-prefix", "cli", tls=True)
    assert [p["package"] for p in out["packages"]] == ["cli-pkg"]


def test_list_packages_bad_filters(cp, domain, repo):
    c = cp.client(parameter_validation=False)
    for kw in (dict(format="tarball"), dict(publish="MAYBE"), dict(upstream="yes")):
        with pytest.raises(c.exceptions.ValidationException):
            c.list_packages(domain=domain, repository=repo, **kw)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_packages(domain=domain, repository="missing")


def test_empty_repository_lists_no_packages(cp, domain, repo):
    assert cp.client().list_packages(domain=domain, repository=repo)["packages"] == []


def test_describe_package_and_origin_configuration(cp, domain, repo):
    c = cp.client()
    cp.publish(domain, repo, "described", "1.0", "a", b"a")
    d = c.describe_package(**pkg(domain, "described"))["package"]
    assert (d["format"], d["namespace"], d["name"]) == ("generic", "ns", "described")
    assert d["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "BLOCK"}
    put = c.put_package_origin_configuration(**pkg(domain, "described"), restrictions={"publish": "BLOCK", "upstream": "ALLOW"})
    assert put["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}
    d = c.describe_package(**pkg(domain, "described"))["package"]
    assert d["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}
    cli = cp.aws("put-package-origin-configuration", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--namespace", "ns", "--package", "described", "--restrictions", "publish=ALLOW,upstream=ALLOW")
    assert cli["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "ALLOW"}
    desc = cp.aws("describe-package", "--domain", domain, "--repository", repo, "--format", "generic",
                  "--namespace", "ns", "--package", "described", tls=True)["package"]
    assert desc["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "ALLOW"}


def test_origin_configuration_of_a_package_without_versions(cp, domain, repo):
    """PutPackageOriginConfiguration creates the package record: it is then listed and described."""
    c = cp.client()
    c.put_package_origin_configuration(**pkg(domain, "future"), restrictions={"publish": "BLOCK", "upstream": "BLOCK"})
    d = c.describe_package(**pkg(domain, "future"))["package"]
    assert d["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "BLOCK"}
    assert [p["package"] for p in c.list_packages(domain=domain, repository=repo)["packages"]] == ["future"]


def test_origin_configuration_validation(cp, domain, repo):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException):
        c.put_package_origin_configuration(**pkg(domain, "p"), restrictions={"publish": "SOMETIMES", "upstream": "ALLOW"})
    with pytest.raises(c.exceptions.ValidationException):
        c.put_package_origin_configuration(**pkg(domain, "p"), restrictions={"publish": "ALLOW"})
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.put_package_origin_configuration(**pkg(domain, "p", repository="missing"),
                                           restrictions={"publish": "ALLOW", "upstream": "ALLOW"})


def test_package_not_found_paths(cp, domain, repo):
    c = cp.client()
    cp.publish(domain, repo, "exists", "1.0", "a", b"a")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_package(**pkg(domain, "missing"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_package(**pkg(domain, "exists", namespace="other-ns"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.delete_package(**pkg(domain, "missing"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_package_versions(**pkg(domain, "missing"))
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_package_version(**pkg(domain, "exists"), packageVersion="9.9")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_package_version_assets(**pkg(domain, "exists"), packageVersion="9.9")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.get_package_version_readme(**pkg(domain, "exists"), packageVersion="9.9")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.list_package_version_dependencies(**pkg(domain, "exists"), packageVersion="9.9")
    cp.aws_error("ResourceNotFoundException", "describe-package-version", "--domain", domain, "--repository", repo,
                 "--format", "generic", "--namespace", "ns", "--package", "exists", "--package-version", "9.9")


def test_bad_format_is_a_validation_error(cp, domain, repo):
    c = cp.client(parameter_validation=False)
    with pytest.raises(c.exceptions.ValidationException):
        c.describe_package(**dict(pkg(domain, "x"), format="tarball"))
    with pytest.raises(c.exceptions.ValidationException):
        c.list_package_versions(**dict(pkg(domain, "x"), format="tarball"))


@TLS
def test_delete_package(cp, domain, repo, tls):
    c = cp.client(tls=tls)
    cp.publish(domain, repo, "doomed", "1.0", "a", b"a")
    cp.publish(domain, repo, "doomed", "2.0", "b", b"b", unfinished=True)
    cp.publish(domain, repo, "kept", "1.0", "a", b"a")
    out = c.delete_package(**pkg(domain, "doomed"))["deletedPackage"]
    assert (out["format"], out["namespace"], out["package"]) == ("generic", "ns", "doomed")
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_package(**pkg(domain, "doomed"))
    assert [p["package"] for p in c.list_packages(domain=domain, repository=repo)["packages"]] == ["kept"]
    deleted = [e["detail"] for e in cp.events(domain, "doomed") if e["detail"]["operationType"] == "Deleted"]
    assert sorted((d["packageVersion"], d["packageVersionState"]) for d in deleted) == [("1.0", "Deleted"), ("2.0", "Deleted")]
    # The name can be published again from scratch.
    assert cp.publish(domain, repo, "doomed", "1.0", "a", b"a")["status"] == "Published"


def test_delete_package_with_the_aws_cli(cp, domain, repo):
    cp.publish(domain, repo, "gone", "1.0", "a", b"a")
    out = cp.aws("delete-package", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--namespace", "ns", "--package", "gone")
    assert out["deletedPackage"]["package"] == "gone"
    cp.aws_error("ResourceNotFoundException", "describe-package", "--domain", domain, "--repository", repo,
                 "--format", "generic", "--namespace", "ns", "--package", "gone", tls=True)


def test_list_package_versions_filters_and_sort(cp, domain, repo):
    c = cp.client()
    for v in ("1.0", "2.0", "3.0"):
        cp.publish(domain, repo, "multi", v, "a", v.encode())
        time.sleep(0.01)  # distinct published times
    cp.publish(domain, repo, "multi", "4.0-wip", "a", b"4", unfinished=True)
    c.update_package_versions_status(**pkg(domain, "multi"), versions=["2.0"], targetStatus="Archived")

    def versions(**kw):
        return [(v["version"], v["status"]) for v in c.list_package_versions(**pkg(domain, "multi"), **kw)["versions"]]

    assert sorted(versions()) == [("1.0", "Published"), ("2.0", "Archived"), ("3.0", "Published"), ("4.0-wip", "Unfinished")]
    assert sorted(versions(status="Published")) == [("1.0", "Published"), ("3.0", "Published")]
    assert versions(status="Archived") == [("2.0", "Archived")]
    assert versions(status="Unfinished") == [("4.0-wip", "Unfinished")]
    assert versions(status="Disposed") == []
    assert len(versions(originType="INTERNAL")) == 4
    assert versions(originType="EXTERNAL") == []
    newest_first = [v for v, _ in versions(sortBy="PUBLISHED_TIME")]
    assert newest_first == ["4.0-wip", "3.0", "2.0", "1.0"]
    assert [v for v, _ in versions(sortBy="PUBLISHED_TIME", status="Published")] == ["3.0", "1.0"]
    out = c.list_package_versions(**pkg(domain, "multi"))
    assert out["defaultDisplayVersion"] == "3.0"
    assert (out["format"], out["namespace"], out["package"]) == ("generic", "ns", "multi")
    for v in out["versions"]:
        assert v["origin"] == {"domainEntryPoint": {"repositoryName": repo}, "originType": "INTERNAL"}
        assert v["revision"]
    nv = cp.client(parameter_validation=False)
    with pytest.raises(nv.exceptions.ValidationException):
        nv.list_package_versions(**pkg(domain, "multi"), status="Sleeping")
    with pytest.raises(nv.exceptions.ValidationException):
        nv.list_package_versions(**pkg(domain, "multi"), sortBy="NAME")
    with pytest.raises(nv.exceptions.ValidationException):
        nv.list_package_versions(**pkg(domain, "multi"), originType="SIDEWAYS")


def test_list_package_versions_with_the_aws_cli(cp, domain, repo):
    cp.publish(domain, repo, "clipkg", "1.0", "a", b"1")
    cp.publish(domain, repo, "clipkg", "1.1", "a", b"2")
    out = cp.aws("list-package-versions", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--namespace", "ns", "--package", "clipkg", "--sort-by", "PUBLISHED_TIME", "--status", "Published")
    assert [v["version"] for v in out["versions"]] == ["1.1", "1.0"]
    assert out["defaultDisplayVersion"] == "1.1"


def test_describe_package_version_readme_and_dependencies(cp, domain, repo):
    c = cp.client()
    pub = cp.publish(domain, repo, "doc", "1.2.3", "a", b"a")
    pv = c.describe_package_version(**pkg(domain, "doc"), packageVersion="1.2.3")["packageVersion"]
    assert (pv["format"], pv["namespace"], pv["packageName"], pv["displayName"], pv["version"]) == (
        "generic", "ns", "doc", "doc", "1.2.3")
    assert pv["status"] == "Published" and pv["revision"] == pub["versionRevision"]
    assert pv["origin"] == {"domainEntryPoint": {"repositoryName": repo}, "originType": "INTERNAL"}
    assert abs(pv["publishedTime"].timestamp() - time.time()) < 300

    readme = c.get_package_version_readme(**pkg(domain, "doc"), packageVersion="1.2.3")
    assert (readme["format"], readme["namespace"], readme["package"], readme["version"]) == ("generic", "ns", "doc", "1.2.3")
    assert readme["versionRevision"] == pub["versionRevision"]
    assert readme.get("readme") in (None, "")

    deps = c.list_package_version_dependencies(**pkg(domain, "doc"), packageVersion="1.2.3")
    assert deps["dependencies"] == []
    assert deps["versionRevision"] == pub["versionRevision"]
    assert (deps["format"], deps["namespace"], deps["package"], deps["version"]) == ("generic", "ns", "doc", "1.2.3")

    cli = cp.aws("get-package-version-readme", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--namespace", "ns", "--package", "doc", "--package-version", "1.2.3", tls=True)
    assert cli["versionRevision"] == pub["versionRevision"]
    cli = cp.aws("list-package-version-dependencies", "--domain", domain, "--repository", repo, "--format", "generic",
                 "--namespace", "ns", "--package", "doc", "--package-version", "1.2.3")
    assert cli["dependencies"] == []


def test_versions_are_per_repository(cp, domain, repo):
    c = cp.client()
    c.create_repository(domain=domain, repository="other")
    cp.publish(domain, repo, "same", "1.0", "a", b"one")
    cp.publish(domain, "other", "same", "1.0", "a", b"two")
    one = c.get_package_version_asset(**pkg(domain, "same"), packageVersion="1.0", asset="a")["asset"].read()
    two = c.get_package_version_asset(**pkg(domain, "same", repository="other"), packageVersion="1.0", asset="a")["asset"].read()
    assert (one, two) == (b"one", b"two")


def test_package_without_namespace(cp, domain, repo):
    """A namespace is optional in the model: a version published without one is found without one."""
    c = cp.client()
    cp.publish(domain, repo, "bare", "1.0", "a", b"a", namespace=None)
    listed = c.list_packages(domain=domain, repository=repo)["packages"]
    assert [(p.get("namespace"), p["package"]) for p in listed] == [(None, "bare")]
    assert c.describe_package(**pkg(domain, "bare", namespace=None))["package"]["name"] == "bare"
    assert c.get_package_version_asset(**pkg(domain, "bare", namespace=None), packageVersion="1.0",
                                       asset="a")["asset"].read() == b"a"


def test_unicode_names_round_trip(cp, domain, repo):
    c = cp.client()
    name = "paquet-é"
    cp.publish(domain, repo, name, "1.0+β", "fichier ü.txt", "données".encode())
    assert [p["package"] for p in c.list_packages(domain=domain, repository=repo)["packages"]] == [name]
    assert [v["version"] for v in c.list_package_versions(**pkg(domain, name))["versions"]] == ["1.0+β"]
    assets = c.list_package_version_assets(**pkg(domain, name), packageVersion="1.0+β")["assets"]
    assert [a["name"] for a in assets] == ["fichier ü.txt"]
    body = c.get_package_version_asset(**pkg(domain, name), packageVersion="1.0+β", asset="fichier ü.txt")["asset"].read()
    assert body == "données".encode()
