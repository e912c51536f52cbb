"""The v2 OData feed request by request, for what nuget 2.8.7 (test_nuget_clients.py) does not
send but Chocolatey and PowerShellGet 2 do: `Packages()` with `$filter` (`tolower(Id) eq`,
`substringof`, `and`/`or`/`not`), `$orderby`, `$skip`/`$top` and `/$count`, `GetUpdates()`,
paging by `rel="next"`, SemVer 2 only with `semVerLevel=2.0.0`, hostile query options refused
with a 400, and `DELETE package/{id}/{version}` (`nuget delete`) unlisting."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytest_plugins = ["client_support"]
from nupkg_builder import build_nupkg  # noqa: E402

ATOM, D, M = "{http://www.w3.org/2005/Atom}", "{http://schemas.microsoft.com/ado/2007/08/dataservices}", \
    "{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}"


class Feed:
    def __init__(self, repository):
        self.repository = repository
        self.root = repository.endpoint("nuget") + "v2/"
        self.token = repository.token()

    def get(self, path: str, **params):
        return self.repository.http("GET", self.root + path, self.token, basic=True, params=params or None)

    def entries(self, path: str, **params) -> list[dict]:
        r = self.get(path, **params)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/atom+xml"), (path, r.status_code, r.reason)
        feed = ET.fromstring(r.content)
        out = []
        for entry in feed.iter(f"{ATOM}entry"):
            props = entry.find(f"{M}properties")
            out.append({child.tag.removeprefix(D): child.text for child in props} | {
                "src": entry.find(f"{ATOM}content").get("src")})
        return out

    def push(self, id: str, version: str, **kw):
        r = self.repository.http("PUT", self.root, self.token, basic=True,
                                 files={"package": ("package", build_nupkg(id, version, **kw))})
        assert r.status_code == 201, (id, version, r.status_code, r.reason)


@pytest.fixture
def feed(repository) -> Feed:
    f = Feed(repository)
    for id, version in (("Choco.Tool", "1.0.0"), ("Choco.Tool", "1.2.0"), ("Choco.Tool", "2.0.0-beta"), ("Choco.Other", "0.9.0"),
                        ("Choco.Tool", "3.0.0-rc.1"), ("Unrelated", "5.0.0")):
        f.push(id, version, description=f"{id} {version} for tests")
    return f


def pairs(entries: list[dict]) -> list[tuple[str, str]]:
    return [(e["Id"], e["Version"]) for e in entries]


def test_documents_and_collections(feed):
    r = feed.get("")
    assert r.status_code == 200 and b"<collection href=\"Packages\">" in r.content
    r = feed.get("$metadata")
    assert r.status_code == 200 and b'FunctionImport Name="FindPackagesById"' in r.content
    assert pairs(feed.entries("Packages()")) == [
        ("Choco.Other", "0.9.0"), ("Choco.Tool", "1.0.0"), ("Choco.Tool", "1.2.0"), ("Choco.Tool", "2.0.0-beta"), ("Unrelated", "5.0.0")]
    assert feed.get("Packages()/$count").text == "5"
    # Chocolatey's queries.
    got = feed.entries("Packages()", **{"$filter": "(tolower(Id) eq 'choco.tool') and IsLatestVersion"})
    assert pairs(got) == [("Choco.Tool", "1.2.0")]
    assert got[0]["IsAbsoluteLatestVersion"] == "false" and got[0]["PackageHashAlgorithm"] == "SHA512"
    got = feed.entries("Packages()", **{"$filter": "substringof('tool', tolower(Id)) and not IsPrerelease", "$orderby": "Version desc"})
    assert pairs(got) == [("Choco.Tool", "1.2.0"), ("Choco.Tool", "1.0.0")]
    got = feed.entries("Search()", searchTerm="'for tests'", includePrerelease="true", **{"$filter": "IsAbsoluteLatestVersion"})
    assert pairs(got) == [("Choco.Other", "0.9.0"), ("Choco.Tool", "2.0.0-beta"), ("Unrelated", "5.0.0")]
    assert feed.get("Search()/$count", searchTerm="'choco'", includePrerelease="false").text == "3"
    # SemVer 2 only when asked for.
    got = feed.entries("FindPackagesById()", id="'Choco.Tool'", semVerLevel="2.0.0")
    assert [e["Version"] for e in got] == ["1.0.0", "1.2.0", "2.0.0-beta", "3.0.0-rc.1"]
    assert [e["Version"] for e in feed.entries("FindPackagesById()", id="'choco.tool'")] == ["1.0.0", "1.2.0", "2.0.0-beta"]
    # GetUpdates: the newest release above each version sent.
    got = feed.entries("GetUpdates()", packageIds="'Choco.Tool|Choco.Other|Missing'", versions="'1.0.0|0.9.0|1.0'",
                       includePrerelease="false", includeAllVersions="false")
    assert pairs(got) == [("Choco.Tool", "1.2.0")]
    got = feed.entries("GetUpdates()", packageIds="'Choco.Tool'", versions="'1.0.0'", includePrerelease="true", includeAllVersions="true")
    assert pairs(got) == [("Choco.Tool", "1.2.0"), ("Choco.Tool", "2.0.0-beta")]
    # The entry and its download.
    r = feed.get("Packages(Id='Choco.Tool',Version='1.2')")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/atom+xml;type=entry")
    src = ET.fromstring(r.content).find(f"{ATOM}content").get("src")
    got = feed.repository.http("GET", src, feed.token, basic=True)
    assert got.status_code == 200 and got.content == build_nupkg("Choco.Tool", "1.2.0", description="Choco.Tool 1.2.0 for tests")
    assert feed.get("Packages(Id='Choco.Tool',Version='9.9.9')").status_code == 404


def test_paging_and_hostile_queries(repository, feed):
    for n in range(105):
        feed.push("Paged.Pkg", f"1.0.{n}")
    r = feed.get("FindPackagesById()", id="'Paged.Pkg'")
    doc = ET.fromstring(r.content)
    assert len(doc.findall(f"{ATOM}entry")) == 100
    nxt = [link.get("href") for link in doc.findall(f"{ATOM}link") if link.get("rel") == "next"]
    assert nxt and "%24skip=100" not in nxt[0] and "$skip=100" in nxt[0], nxt
    r = repository.http("GET", nxt[0], feed.token, basic=True)
    assert len(ET.fromstring(r.content).findall(f"{ATOM}entry")) == 5
    top = feed.entries("FindPackagesById()", id="'Paged.Pkg'", **{"$orderby": "Version desc", "$top": "1"})
    assert pairs(top) == [("Paged.Pkg", "1.0.104")]
    for bad in ("Id eq", "unknownfn(Id)", "NoSuchProperty eq 'x'", "'unclosed", "(" * 100 + "true" + ")" * 100, "x" * 5000):
        r = feed.get("Packages()", **{"$filter": bad})
        assert r.status_code == 400 and r.reason, (bad[:30], r.status_code)
    assert feed.get("Packages()", **{"$top": "-1"}).status_code == 400
    assert feed.get("FindPackagesById()").status_code == 400


def test_nuget_delete_unlists(repository, feed):
    r = repository.http("DELETE", feed.root + "package/Choco.Other/0.9.0", feed.token, basic=True)
    assert r.status_code == 200, (r.status_code, r.reason)
    assert repository.versions("nuget", "Choco.Other") == {"0.9.0": "Unlisted"}
    entry = feed.entries("FindPackagesById()", id="'Choco.Other'")[0]
    assert (entry["Listed"], entry["Published"]) == ("false", "1900-01-01T00:00:00")
    assert pairs(feed.entries("Search()", searchTerm="'choco'", includePrerelease="false")) == [
        ("Choco.Tool", "1.0.0"), ("Choco.Tool", "1.2.0")]
