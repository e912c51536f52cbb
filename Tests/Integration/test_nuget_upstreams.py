"""NuGet through upstream chains, as the other formats: the flat container, registrations and
search of a repository show what its chain holds, a .nupkg only an upstream has is served and
retained (origin kept), an internal package is not shadowed by an upstream's higher version
(dependency confusion), and pushing a version an upstream holds is a 409."""
from __future__ import annotations

import requests

from format_fixtures import FormatRepo, make_repos
from nupkg_builder import build_nupkg


def push(repo: FormatRepo, id: str, version: str, **kw) -> requests.Response:
    return requests.put(repo.url("nuget") + "v3/package", files={"package": ("p.nupkg", build_nupkg(id, version, **kw))},
                        headers=repo._auth(basic=True), verify=repo.ca, timeout=60)


def get(repo: FormatRepo, path: str, **kw) -> requests.Response:
    return requests.get(repo.url("nuget") + "v3/" + path, headers=repo._auth(basic=True), verify=repo.ca, timeout=60, **kw)


def flat(repo: FormatRepo, id: str) -> list[str]:
    r = get(repo, f"flatcontainer/{id.lower()}/index.json")
    return r.json()["versions"] if r.status_code == 200 else []


def versions(cp, domain, repository, package):
    try:
        out = cp.client().list_package_versions(domain=domain, repository=repository, format="nuget", package=package)
    except cp.client().exceptions.ResourceNotFoundException:
        return {}
    return {v["version"]: (v["status"], v["origin"]["originType"]) for v in out["versions"]}


def test_reads_go_through_the_chain_and_a_download_retains_the_version(cp, domain):
    r = make_repos(cp, domain, "team", "shared", upstreams={"team": ["shared"]})
    assert push(r["shared"], "Acme.Lib", "1.0.0").status_code == 201
    assert flat(r["team"], "Acme.Lib") == ["1.0.0"]
    index = get(r["team"], "registration-semver2/acme.lib/index.json").json()
    item = index["items"][0]["items"][0]
    assert item["packageContent"].startswith(r["team"].url("nuget")), item["packageContent"]
    assert [d["id"] for d in get(r["team"], "query", params={"q": "acme"}).json()["data"]] == []  # search: this repository's own
    assert versions(cp, domain, "team", "acme.lib") == {}
    got = requests.get(item["packageContent"], headers=r["team"]._auth(basic=True), verify=r["team"].ca, timeout=60)
    assert got.status_code == 200 and got.content == build_nupkg("Acme.Lib", "1.0.0")
    assert versions(cp, domain, "team", "acme.lib") == {"1.0.0": ("Published", "INTERNAL")}
    assert [d["id"] for d in get(r["team"], "query", params={"q": "acme"}).json()["data"]] == ["Acme.Lib"]
    # A newer upstream version shows downstream at once.
    assert push(r["shared"], "Acme.Lib", "1.1.0").status_code == 201
    assert flat(r["team"], "Acme.Lib") == ["1.0.0", "1.1.0"]


def test_an_internal_package_is_not_shadowed_and_upstream_versions_are_not_republished(cp, domain):
    r = make_repos(cp, domain, "internal", "mirror", upstreams={"internal": ["mirror"]})
    assert push(r["internal"], "Acme.Utils", "1.0.0").status_code == 201
    assert push(r["mirror"], "Acme.Utils", "9.9.9", description="impostor").status_code == 201
    assert flat(r["internal"], "Acme.Utils") == ["1.0.0"]
    assert get(r["internal"], "flatcontainer/acme.utils/9.9.9/acme.utils.9.9.9.nupkg").status_code == 404

    assert push(r["mirror"], "Acme.Shared", "1.0.0").status_code == 201
    refused = push(r["internal"], "Acme.Shared", "1.0.0", description="other bytes")
    assert refused.status_code == 409 and "upstream repository mirror" in refused.reason, (refused.status_code, refused.reason)
    assert push(r["internal"], "Acme.Shared", "1.0.1").status_code == 201
