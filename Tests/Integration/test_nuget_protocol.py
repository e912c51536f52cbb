"""The NuGet v3 server API over HTTPS, resource by resource, as the NuGet documentation
(docs.microsoft.com/nuget/api) describes what clients send and read: the service index, push
(PackagePublish/2.0.0: multipart PUT, unlist DELETE, relist POST), the flat container
(PackageBaseAddress/3.0.0), registrations (RegistrationsBaseUrl and /3.6.0 with SemVer 2),
search and autocomplete, with packages the tests build themselves (nupkg_builder). No v3 client
runs on this machine (no dotnet SDK in Debian or PyPI), so these requests are the client."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
import requests

pytest_plugins = ["client_support"]
from nupkg_builder import build_nupkg  # noqa: E402

LIB, APP = "Granary.Lib", "Granary.App"


class NuGet:
    """Raw requests at the repository's NuGet endpoint, with Basic `aws:TOKEN` as nuget.config
    credentials send it, the resources found through the service index as clients find them."""

    def __init__(self, repository):
        self.repository = repository
        self.endpoint = repository.endpoint("nuget")
        self.token = repository.token()
        index = self.get(self.endpoint + "v3/index.json")
        assert index.status_code == 200, (index.status_code, index.reason)
        self.index = index.json()
        self.resources = {r["@type"]: r["@id"] for r in self.index["resources"]}

    def resource(self, kind: str) -> str:
        return self.resources[kind]

    def get(self, url: str, token: str | None = "", **kw) -> requests.Response:
        return self.repository.http("GET", url, self.token if token == "" else token, basic=True, **kw)

    def json(self, url: str, **kw) -> dict:
        r = self.get(url, **kw)
        assert r.status_code == 200, (url, r.status_code, r.reason)
        return r.json()

    def push(self, data: bytes, token: str | None = "", api_key: bool = False, kind: str = "PackagePublish/2.0.0",
             filename: str = "package.nupkg") -> requests.Response:
        """As `dotnet nuget push` sends it: PUT of multipart/form-data with the file as its one part."""
        token = self.token if token == "" else token
        headers = {"X-NuGet-ApiKey": token} if api_key else {}
        return self.repository.http("PUT", self.resource(kind), None if api_key else token, basic=True, headers=headers,
                                    files={"package": (filename, data, "application/octet-stream")})

    def flat(self, id: str) -> list[str]:
        return self.json(f"{self.resource('PackageBaseAddress/3.0.0')}{id.lower()}/index.json")["versions"]

    def registration(self, id: str, semver2: bool = True) -> dict:
        hub = self.resource("RegistrationsBaseUrl/3.6.0" if semver2 else "RegistrationsBaseUrl")
        return self.json(f"{hub}{id.lower()}/index.json")

    def leaves(self, id: str, semver2: bool = True) -> dict:
        """version → registration leaf item, following linked pages as clients do."""
        out = {}
        for page in self.registration(id, semver2)["items"]:
            items = page.get("items") or self.json(page["@id"])["items"]
            for item in items:
                out[item["catalogEntry"]["version"]] = item
        return out

    def search(self, **params) -> dict:
        return self.json(self.resource("SearchQueryService"), params=params)

    def set_listed(self, id: str, version: str, listed: bool, token: str | None = "") -> requests.Response:
        url = f"{self.resource('PackagePublish/2.0.0')}/{id}/{version}"
        return self.repository.http("POST" if listed else "DELETE", url, self.token if token == "" else token, basic=True)


@pytest.fixture
def nuget(repository) -> NuGet:
    return NuGet(repository)


def pushed(nuget: NuGet, id: str, version: str, **kw) -> bytes:
    data = build_nupkg(id, version, **kw)
    r = nuget.push(data)
    assert r.status_code == 201, (id, version, r.status_code, r.reason)
    return data


# ---------------------------------------------------------------------------- service index
def test_service_index_lists_every_resource_under_the_endpoint(repository, nuget):
    assert nuget.endpoint == f"{repository.stack.https}/d/{repository.domain}-{repository.owner}/nuget/{repository.name}/"
    assert nuget.index["version"] == "3.0.0"
    for kind in ("PackagePublish/2.0.0", "SymbolPackagePublish/4.9.0", "PackageBaseAddress/3.0.0", "RegistrationsBaseUrl",
                 "RegistrationsBaseUrl/3.0.0-rc", "RegistrationsBaseUrl/3.6.0", "SearchQueryService", "SearchQueryService/3.5.0",
                 "SearchAutocompleteService"):
        assert nuget.resource(kind).startswith(nuget.endpoint + "v3/"), kind
    # Without credentials: a Basic challenge (nuget sends its credentials only after one).
    r = nuget.get(nuget.endpoint + "v3/index.json", token=None)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic "), (r.status_code, r.headers)


# ---------------------------------------------------------------------------- push, flat container
def test_push_then_flat_container_serves_versions_package_and_nuspec(repository, nuget):
    lib = pushed(nuget, LIB, "1.0.0", license_expression="MIT", readme="# Granary.Lib\n\nA library.\n")
    # The API key header carries the token too (`nuget push -ApiKey`).
    app = build_nupkg(APP, "1.0.0", dependencies=[("net6.0", [(LIB, "[1.0.0, )")]), (None, [(LIB, "1.0.0")])])
    r = nuget.push(app, api_key=True)
    assert r.status_code == 201, (r.status_code, r.reason)

    base = nuget.resource("PackageBaseAddress/3.0.0")
    assert nuget.flat(LIB) == ["1.0.0"] and nuget.flat(APP) == ["1.0.0"]
    # Ids are case-insensitive: any spelling finds the package.
    assert nuget.json(f"{base}GRANARY.LIB/index.json")["versions"] == ["1.0.0"]
    r = nuget.get(f"{base}granary.lib/1.0.0/granary.lib.1.0.0.nupkg")
    assert r.status_code == 200 and r.content == lib, (r.status_code, r.reason)
    r = nuget.get(f"{base}granary.lib/1.0.0/granary.lib.nuspec")
    assert r.status_code == 200 and r.content == zipfile.ZipFile(io.BytesIO(lib)).read("granary.lib.nuspec")
    assert r.headers["Content-Type"].startswith("application/xml")
    for missing in ("granary.lib/9.9.9/granary.lib.9.9.9.nupkg", "granary.lib/1.0.0/granary.app.1.0.0.nupkg",
                    "granary.none/index.json"):
        assert nuget.get(base + missing).status_code == 404, missing

    # The control plane's view: DescribePackageVersion, dependencies, readme.
    versions = repository.versions("nuget", LIB)
    assert versions == {"1.0.0": "Published"}
    described = repository.aws("describe-package-version", "nuget", LIB, "--package-version", "1.0.0")["packageVersion"]
    assert described["packageName"] == LIB and described["licenses"][0]["name"] == "MIT", described
    readme = repository.aws("get-package-version-readme", "nuget", LIB, "--package-version", "1.0.0")["readme"]
    assert readme.startswith("# Granary.Lib")
    deps = repository.aws("list-package-version-dependencies", "nuget", APP, "--package-version", "1.0.0")["dependencies"]
    assert sorted((d["package"], d["dependencyType"], d["versionRequirement"]) for d in deps) == [
        (LIB, "", "[1.0.0, )"), (LIB, "net6.0", "[1.0.0, )")], deps


def test_versions_are_normalized_and_ordered_as_nuget_orders_them(repository, nuget):
    for version in ("2.0", "1.0.0.0", "10.0.0", "2.1.0-beta", "2.1.0-Alpha", "2.1.0", "3.0.0-rc.1+build.5", "1.2.3.4"):
        pushed(nuget, LIB, version)
    assert nuget.flat(LIB) == ["1.0.0", "1.2.3.4", "2.0.0", "2.1.0-alpha", "2.1.0-beta", "2.1.0", "3.0.0-rc.1", "10.0.0"]
    # `1.0` is `1.0.0`: the same version again (identical bytes are a re-push, not a new version).
    r = nuget.push(build_nupkg(LIB, "1.0.0.0"))
    assert r.status_code == 200, (r.status_code, r.reason)
    r = nuget.push(build_nupkg(LIB, "1.0", description="other bytes"))
    assert r.status_code == 409 and "different content" in r.reason, (r.status_code, r.reason)
    # SemVer 2 only in the 3.6.0 hub; the SemVer 1 hub leaves 3.0.0-rc.1 out.
    assert "3.0.0-rc.1+build.5" in nuget.leaves(LIB, semver2=True)
    assert set(nuget.leaves(LIB, semver2=False)) == {"1.0.0", "1.2.3.4", "2.0.0", "2.1.0-Alpha", "2.1.0-beta", "2.1.0", "10.0.0"}
    assert set(repository.versions("nuget", LIB)) == {
        "1.0.0", "1.2.3.4", "2.0.0", "2.1.0-alpha", "2.1.0-beta", "2.1.0", "3.0.0-rc.1", "10.0.0"}


# ---------------------------------------------------------------------------- registrations
def test_registration_leaves_carry_the_catalog_entry(nuget):
    pushed(nuget, LIB, "1.0.0", license_expression="Apache-2.0")
    pushed(nuget, APP, "1.0.0", dependencies=[("net6.0", [(LIB, "1.0.0")]), ("netstandard2.0", [])],
           description="The <app> & its \"deps\"")
    index = nuget.registration(APP)
    assert index["count"] == 1 and index["@id"].endswith("/granary.app/index.json")
    page = index["items"][0]
    assert (page["lower"], page["upper"], page["count"]) == ("1.0.0", "1.0.0", 1)
    item = page["items"][0]
    entry = item["catalogEntry"]
    assert (entry["id"], entry["version"], entry["listed"]) == (APP, "1.0.0", True)
    assert entry["description"] == "The <app> & its \"deps\"" and entry["authors"] == "Granary tests"
    groups = {g.get("targetFramework"): g.get("dependencies", []) for g in entry["dependencyGroups"]}
    assert set(groups) == {"net6.0", "netstandard2.0"} and groups["netstandard2.0"] == []
    dep = groups["net6.0"][0]
    assert (dep["id"], dep["range"]) == (LIB, "[1.0.0, )")
    # Every URL a client follows works with the same credentials.
    assert nuget.json(dep["registration"])["items"][0]["items"][0]["catalogEntry"]["licenseExpression"] == "Apache-2.0"
    r = nuget.get(item["packageContent"])
    assert r.status_code == 200 and r.content[:2] == b"PK"
    leaf = nuget.json(item["@id"])
    assert leaf["listed"] is True and leaf["packageContent"] == item["packageContent"] and leaf["registration"] == index["@id"]


def test_a_large_registration_links_its_pages(nuget):
    versions = [f"1.0.{n}" for n in range(130)]
    for version in versions:
        pushed(nuget, LIB, version)
    index = nuget.registration(LIB)
    assert [(p["count"], "items" in p) for p in index["items"]] == [(64, False), (64, False), (2, False)]
    assert index["items"][0]["lower"] == "1.0.0" and index["items"][0]["upper"] == "1.0.63"
    leaves = nuget.leaves(LIB)
    assert list(leaves) == versions
    assert nuget.get(index["items"][0]["@id"].replace("1.0.63", "1.0.62")).status_code == 404


# ---------------------------------------------------------------------------- unlist, relist, statuses
def test_unlist_keeps_the_version_downloadable_and_relist_brings_it_back(repository, nuget):
    pushed(nuget, LIB, "1.0.0")
    pushed(nuget, LIB, "1.1.0")
    r = nuget.set_listed(LIB, "1.1.0", listed=False)
    assert r.status_code == 200, (r.status_code, r.reason)
    assert repository.versions("nuget", LIB) == {"1.0.0": "Published", "1.1.0": "Unlisted"}
    assert nuget.set_listed(LIB, "1.1.0", listed=False).status_code == 200  # again: nothing to do
    assert nuget.flat(LIB) == ["1.0.0", "1.1.0"]  # an exact restore still finds it
    r = nuget.get(f"{nuget.resource('PackageBaseAddress/3.0.0')}granary.lib/1.1.0/granary.lib.1.1.0.nupkg")
    assert r.status_code == 200
    leaves = nuget.leaves(LIB)
    assert leaves["1.1.0"]["catalogEntry"]["listed"] is False
    assert leaves["1.1.0"]["catalogEntry"]["published"].startswith("1900-01-01")
    assert [v["version"] for v in nuget.search(q="granary.lib")["data"][0]["versions"]] == ["1.0.0"]

    assert nuget.set_listed(LIB.upper(), "1.1.0", listed=True).status_code == 200
    assert repository.versions("nuget", LIB) == {"1.0.0": "Published", "1.1.0": "Published"}
    assert nuget.set_listed(LIB, "9.9.9", listed=False).status_code == 404
    assert nuget.set_listed("Granary.None", "1.0.0", listed=False).status_code == 404

    # Archived: neither listed nor downloadable.
    repository.set_status("nuget", LIB, ["1.1.0"], "Archived")
    assert nuget.flat(LIB) == ["1.0.0"] and set(nuget.leaves(LIB)) == {"1.0.0"}
    r = nuget.get(f"{nuget.resource('PackageBaseAddress/3.0.0')}granary.lib/1.1.0/granary.lib.1.1.0.nupkg")
    assert r.status_code == 404


# ---------------------------------------------------------------------------- search, autocomplete
def test_search_and_autocomplete(nuget):
    pushed(nuget, "Granary.Search.One", "1.0.0")
    pushed(nuget, "Granary.Search.One", "2.0.0-beta")
    pushed(nuget, "Granary.Search.Two", "1.0.0+meta")
    pushed(nuget, "Granary.Search.Three", "1.0.0-rc.1")
    pushed(nuget, "Other.Package", "1.0.0")

    found = nuget.search(q="search")
    assert found["totalHits"] == 3
    # Default: no pre-releases and no SemVer 2, so Two (1.0.0+meta) and Three (1.0.0-rc.1) are left out.
    data = {d["id"]: d for d in found["data"]}
    assert set(data) == {"Granary.Search.One"}, data
    assert data["Granary.Search.One"]["version"] == "1.0.0"
    full = nuget.search(q="Search", prerelease="true", semVerLevel="2.0.0")
    got = {d["id"]: [v["version"] for v in d["versions"]] for d in full["data"]}
    assert got == {"Granary.Search.One": ["1.0.0", "2.0.0-beta"], "Granary.Search.Three": ["1.0.0-rc.1"],
                   "Granary.Search.Two": ["1.0.0+meta"]}, got
    assert nuget.search(q="search", prerelease="true", semVerLevel="2.0.0", skip="1", take="1")["data"][0]["id"] \
        == "Granary.Search.Three"
    assert [d["id"] for d in nuget.search(q="id:other")["data"]] == ["Other.Package"]
    assert nuget.search(q="nothing-matches")["data"] == []
    registration = full["data"][0]["registration"]
    assert nuget.json(registration)["count"] == 1

    auto = nuget.resource("SearchAutocompleteService")
    ids = nuget.json(auto, params={"q": "granary", "prerelease": "true", "semVerLevel": "2.0.0"})
    assert ids["data"] == ["Granary.Search.One", "Granary.Search.Three", "Granary.Search.Two"]
    versions = nuget.json(auto, params={"id": "granary.search.one", "prerelease": "true"})
    assert versions["data"] == ["1.0.0", "2.0.0-beta"]
    r = nuget.get(nuget.resource("SearchQueryService"), params={"take": "-1"})
    assert r.status_code == 400


# ---------------------------------------------------------------------------- refusals
def test_hostile_or_broken_packages_are_refused_and_nothing_is_stored(repository, nuget):
    good = build_nupkg(LIB, "1.0.0")

    def rezip(drop=(), add=None) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(good))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for info in src.infolist():
                if info.filename not in drop:
                    z.writestr(info, src.read(info.filename))
            for name, data in (add or {}).items():
                z.writestr(name, data)
        return out.getvalue()

    nuspec = '<?xml version="1.0"?><package><metadata>{}</metadata></package>'
    cases = {
        "not a zip": b"not a zip at all",
        "no nuspec": rezip(drop=("granary.lib.nuspec",)),
        "two nuspecs": rezip(add={"other.nuspec": nuspec.format("<id>Other</id>")}),
        "DOCTYPE": rezip(drop=("granary.lib.nuspec",), add={"granary.lib.nuspec": '<?xml version="1.0"?><!DOCTYPE package ['
                                                            '<!ENTITY x SYSTEM "file:///etc/passwd">]><package>&x;</package>'}),
        "bad version": build_nupkg(LIB, "1.0.0.0.0"),
        "bad id": rezip(drop=("granary.lib.nuspec",), add={"granary.lib.nuspec": nuspec.format(
            "<id>../evil</id><version>1.0.0</version><authors>a</authors><description>d</description>")}),
        "no description": rezip(drop=("granary.lib.nuspec",), add={"granary.lib.nuspec": nuspec.format(
            "<id>Granary.Lib</id><version>1.0.0</version><authors>a</authors>")}),
        "missing readme": rezip(drop=("granary.lib.nuspec",), add={
            "granary.lib.nuspec": nuspec.format("<id>Granary.Lib</id><version>1.0.0</version><authors>a</authors>"
                                                "<description>d</description><readme>docs/README.md</readme>")}),
    }
    for what, data in cases.items():
        r = nuget.push(data)
        assert r.status_code == 400 and r.reason, (what, r.status_code, r.reason)
    r = nuget.repository.http("PUT", nuget.resource("PackagePublish/2.0.0"), nuget.token, basic=True, data=good,
                              headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 400 and "multipart" in r.reason, (r.status_code, r.reason)
    assert repository.versions("nuget", LIB) == {}
    assert repository.versions("nuget", "Other") == {}


def test_tokens_and_permissions(repository, nuget, cp):
    data = build_nupkg(LIB, "1.0.0")
    for bad in ("not-a-token", repository.expired_token()):
        r = nuget.push(data, token=bad)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic "), (r.status_code, r.reason)
        r = nuget.push(data, token=bad, api_key=True)
        assert r.status_code == 401, (r.status_code, r.reason)
        assert nuget.get(nuget.endpoint + "v3/index.json", token=bad).status_code == 401
    r = nuget.push(data, token=None)
    assert r.status_code == 401
    assert repository.versions("nuget", LIB) == {}
    # A write to a resource that takes none is refused after the token is checked.
    r = repository.http("PUT", nuget.resource("PackageBaseAddress/3.0.0") + "granary.lib/index.json", nuget.token, basic=True,
                        data=b"x")
    assert r.status_code == 405, (r.status_code, r.reason)


def symbols_package(id: str, version: str, package_type: str = "SymbolsPackage") -> bytes:
    """A .snupkg: the package's layout with the SymbolsPackage type in its .nuspec and a .pdb."""
    src = zipfile.ZipFile(io.BytesIO(build_nupkg(id, version, files={f"lib/net6.0/{id}.pdb": b"pdb bytes"})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".nuspec"):
                data = data.replace(b"</metadata>", f'<packageTypes><packageType name="{package_type}" /></packageTypes></metadata>'.encode())
            z.writestr(info, data)
    return out.getvalue()


def test_symbol_packages_join_their_version(repository, nuget):
    pushed(nuget, LIB, "1.0.0")
    r = nuget.push(symbols_package(LIB, "1.0.0"), kind="SymbolPackagePublish/4.9.0", filename="package.snupkg")
    assert r.status_code == 201, (r.status_code, r.reason)
    r = nuget.push(symbols_package(LIB, "1.0.0"), kind="SymbolPackagePublish/4.9.0", filename="package.snupkg")
    assert r.status_code == 200, (r.status_code, r.reason)  # the same bytes again
    assets = repository.aws("list-package-version-assets", "nuget", LIB, "--package-version", "1.0.0")["assets"]
    assert sorted(a["name"] for a in assets) == ["granary.lib.1.0.0.nupkg", "granary.lib.1.0.0.snupkg"]
    r = nuget.push(symbols_package(LIB, "2.0.0"), kind="SymbolPackagePublish/4.9.0")
    assert r.status_code == 404 and "does not have" in r.reason, (r.status_code, r.reason)
    r = nuget.push(symbols_package(LIB, "1.0.0", package_type="Dependency"), kind="SymbolPackagePublish/4.9.0")
    assert r.status_code == 400 and "SymbolsPackage" in r.reason, (r.status_code, r.reason)
    assert repository.versions("nuget", LIB) == {"1.0.0": "Published"}
    assert nuget.flat(LIB) == ["1.0.0"]
