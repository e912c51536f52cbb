"""Upstream chains for PyPI and npm: a request to a repository searches it, then its upstreams in
list order, depth-first, at most 25 repositories; the first repository holding a version serves
it and the version is retained (rows, origin kept, with its event) in the requested repository.
Listings merge what the chain reaches; npm dist-tags merge by "most recently set wins". Origin
controls: a package whose first version was published in a repository blocks upstream versions
(dependency confusion) — for requests to that repository and to every repository downstream of
it, while a repository also reachable on another path is still searched; publishing a version an
upstream already holds is a 409."""
import hashlib
import time

import pytest

from format_fixtures import make_repos


def versions(cp, domain, repository, fmt, package, namespace=None):
    kw = {"namespace": namespace} if namespace else {}
    try:
        out = cp.client().list_package_versions(domain=domain, repository=repository, format=fmt, package=package, **kw)
    except cp.client().exceptions.ResourceNotFoundException:
        return {}
    return {v["version"]: (v["status"], v["origin"]["originType"]) for v in out["versions"]}


def test_pypi_reads_through_upstreams_and_retains_what_it_serves(cp, domain):
    r = make_repos(cp, domain, "team", "shared", upstreams={"team": ["shared"]})
    assert r["shared"].pypi_upload("acme-lib", "1.0.0").status_code == 200
    assert r["team"].pypi_versions("acme-lib") == ["1.0.0"]
    assert versions(cp, domain, "team", "pypi", "acme-lib") == {}      # listed, not yet retained
    got = r["team"].pypi_download("acme-lib", "1.0.0")
    assert got.status_code == 200, got.text
    assert hashlib.sha256(got.content).hexdigest() == hashlib.sha256(r["shared"].pypi_download("acme-lib", "1.0.0").content).hexdigest()
    assert versions(cp, domain, "team", "pypi", "acme-lib") == {"1.0.0": ("Published", "INTERNAL")}
    described = cp.client().describe_package(domain=domain, repository="team", format="pypi", package="acme-lib")["package"]
    assert described["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}
    events = [e for e in cp.events(domain, "acme-lib") if e["detail"]["repositoryName"] == "team"]
    assert [e["detail"]["operationType"] for e in events] == ["Created"], events
    # A newer version upstream shows downstream at once (the listing follows the upstream's stamp).
    assert r["shared"].pypi_upload("acme-lib", "1.1.0").status_code == 200
    assert r["team"].pypi_versions("acme-lib") == ["1.0.0", "1.1.0"]


def test_the_first_repository_in_chain_order_serves_a_version(cp, domain):
    # R -> [A, B]; A -> [C]: depth-first order is R, A, C, B.
    r = make_repos(cp, domain, "rr", "aa", "bb", "cc", upstreams={"rr": ["aa", "bb"], "aa": ["cc"]})
    r = {k[0]: v for k, v in r.items()}
    assert r["b"].npm_publish("chain-pkg", "1.0.0", note="from b").status_code == 200
    assert r["c"].npm_publish("chain-pkg", "1.0.0", note="from c").status_code == 200
    packument = r["r"].packument("chain-pkg").json()
    assert packument["versions"]["1.0.0"]["description"] == "from c"
    tarball = r["r"].npm_tarball("chain-pkg", "1.0.0")
    assert tarball.status_code == 200
    assert tarball.content == r["c"].npm_tarball("chain-pkg", "1.0.0").content
    assert tarball.content != r["b"].npm_tarball("chain-pkg", "1.0.0").content
    # B alone: its own.
    assert r["b"].packument("chain-pkg").json()["versions"]["1.0.0"]["description"] == "from b"


def test_chains_stop_at_25_repositories(cp, domain):
    names = [f"link{i:02d}" for i in range(26)]
    r = make_repos(cp, domain, *names, upstreams={names[i]: [names[i + 1]] for i in range(25)})
    assert r[names[25]].pypi_upload("far-lib", "1.0.0").status_code == 200
    assert r[names[1]].pypi_versions("far-lib") == ["1.0.0"]       # 25 repositories: link01..link25
    assert r[names[0]].pypi_page("far-lib").status_code == 404     # link25 would be the 26th


def test_npm_dist_tags_merge_by_most_recently_set(cp, domain):
    r = make_repos(cp, domain, "app", "base", upstreams={"app": ["base"]})
    assert r["app"].npm_publish("tagged", "1.0.0").status_code == 200      # app: latest -> 1.0.0
    time.sleep(1.1)                                                        # tag times have second resolution in the rule
    assert r["base"].npm_publish("tagged", "2.0.0").status_code == 200     # base: latest -> 2.0.0, later
    # app's own package blocks upstream versions (first version published there): only 1.0.0.
    assert set(r["app"].packument("tagged").json()["versions"]) == {"1.0.0"}
    cp.client().put_package_origin_configuration(domain=domain, repository="app", format="npm", package="tagged",
                                                  restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    packument = r["app"].packument("tagged").json()
    assert set(packument["versions"]) == {"1.0.0", "2.0.0"}
    assert packument["dist-tags"]["latest"] == "2.0.0"


def test_internal_package_is_not_shadowed_by_a_higher_upstream_version(cp, domain):
    r = make_repos(cp, domain, "internal", "mirror", upstreams={"internal": ["mirror"]})
    assert r["internal"].pypi_upload("acme-utils", "1.0.0").status_code == 200
    assert r["mirror"].pypi_upload("acme-utils", "9.9.9", note="impostor").status_code == 200
    assert r["internal"].pypi_versions("acme-utils") == ["1.0.0"]
    assert r["internal"].pypi_download("acme-utils", "9.9.9").status_code == 404


def test_publishing_a_version_an_upstream_holds_is_409(cp, domain):
    r = make_repos(cp, domain, "down", "up", upstreams={"down": ["up"]})
    assert r["up"].npm_publish("shared-pkg", "1.0.0").status_code == 200
    refused = r["down"].npm_publish("shared-pkg", "1.0.0", note="other bytes")
    assert refused.status_code == 409, refused.text
    assert "upstream repository up" in refused.json()["error"]
    assert r["up"].pypi_upload("shared-lib", "1.0.0").status_code == 200
    refused = r["down"].pypi_upload("shared-lib", "1.0.0", note="other bytes")
    assert refused.status_code == 409, refused.text
    assert r["down"].pypi_upload("shared-lib", "1.0.1").status_code == 200


def test_an_intermediate_repositorys_origin_controls_hold_downstream(cp, domain):
    # app -> mid -> far. mid published the package itself, so its package blocks upstream
    # versions: an impostor version in far is kept out of app's view as it is out of mid's.
    r = make_repos(cp, domain, "app", "mid", "far", upstreams={"app": ["mid"], "mid": ["far"]})
    assert r["mid"].pypi_upload("inner-lib", "1.0.0").status_code == 200
    assert r["far"].pypi_upload("inner-lib", "9.9.9", note="impostor").status_code == 200
    assert r["mid"].npm_publish("inner-pkg", "1.0.0").status_code == 200
    assert r["far"].npm_publish("inner-pkg", "9.9.9", note="impostor").status_code == 200
    for repo in ("mid", "app"):
        assert r[repo].pypi_versions("inner-lib") == ["1.0.0"], repo
        assert r[repo].pypi_download("inner-lib", "9.9.9").status_code == 404, repo
        assert set(r[repo].packument("inner-pkg").json()["versions"]) == {"1.0.0"}, repo
        assert r[repo].npm_tarball("inner-pkg", "9.9.9").status_code == 404, repo
    assert versions(cp, domain, "app", "pypi", "inner-lib") == {}, "nothing of far's was retained"
    # Opening mid's packages to upstream versions lets far's through, for mid and for app.
    for fmt, package in (("pypi", "inner-lib"), ("npm", "inner-pkg")):
        cp.client().put_package_origin_configuration(domain=domain, repository="mid", format=fmt, package=package,
                                                      restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    assert r["app"].pypi_versions("inner-lib") == ["1.0.0", "9.9.9"]
    assert set(r["app"].packument("inner-pkg").json()["versions"]) == {"1.0.0", "9.9.9"}


def test_a_repository_behind_a_closed_one_is_still_searched_on_another_path(cp, domain):
    # app -> [mid, far], mid -> [far]: mid's own package keeps far out of mid's contribution, but
    # far is app's own upstream too, so app sees far's versions (after mid's, in chain order).
    r = make_repos(cp, domain, "app", "mid", "far", upstreams={"app": ["mid", "far"], "mid": ["far"]})
    assert r["mid"].pypi_upload("two-path-lib", "1.0.0").status_code == 200
    assert r["far"].pypi_upload("two-path-lib", "2.0.0").status_code == 200
    assert r["mid"].pypi_versions("two-path-lib") == ["1.0.0"]
    assert r["app"].pypi_versions("two-path-lib") == ["1.0.0", "2.0.0"]
