"""Package-group origin restrictions enforced where origin controls are: PUBLISH on every publish
path (twine, npm publish, PublishPackageVersion), INTERNAL_UPSTREAM when a repository reads
through its upstreams; each mode — ALLOW, BLOCK, ALLOW_SPECIFIC_REPOSITORIES, INHERIT — for both.
(EXTERNAL_UPSTREAM needs a public registry: test_external_connections.py.)"""
import hashlib

from format_fixtures import make_repos


def restrict(cp, domain, pattern, restriction, mode, allow=()):
    c = cp.client()
    kw = {}
    if allow:
        kw["addAllowedRepositories"] = [{"repositoryName": r, "originRestrictionType": restriction} for r in allow]
    c.update_package_group_origin_configuration(domain=domain, packageGroup=pattern, restrictions={restriction: mode}, **kw)


def generic_publish(cp, domain, repository, package, version):
    data = f"{package} {version}".encode()
    return cp.client().publish_package_version(
        domain=domain, repository=repository, format="generic", namespace="acme", package=package, packageVersion=version,
        assetContent=data, assetName="a.txt", assetSHA256=hashlib.sha256(data).hexdigest())


def test_publish_restriction_in_every_mode(cp, domain):
    r = make_repos(cp, domain, "releases", "scratch")
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/npm//team-*")
    c.create_package_group(domain=domain, packageGroup="/npm//team-core$")

    # BLOCK on the prefix group: npm publish refused (403, npm's error body), nothing stored.
    restrict(cp, domain, "/npm//team-*", "PUBLISH", "BLOCK")
    refused = r["releases"].npm_publish("team-ui", "1.0.0")
    assert refused.status_code == 403 and "package group /npm//team-*" in refused.json()["error"], refused.text
    # INHERIT on the more specific group follows its parent: blocked too.
    assert r["releases"].npm_publish("team-core", "1.0.0").status_code == 403
    # Packages outside the groups are not affected.
    assert r["releases"].npm_publish("other-lib", "1.0.0").status_code == 200

    # ALLOW_SPECIFIC_REPOSITORIES: only the listed repository may publish.
    restrict(cp, domain, "/npm//team-core$", "PUBLISH", "ALLOW_SPECIFIC_REPOSITORIES", allow=["releases"])
    assert r["releases"].npm_publish("team-core", "1.0.0").status_code == 200
    assert r["scratch"].npm_publish("team-core", "1.0.1").status_code == 403
    assert r["scratch"].npm_publish("team-ui", "1.0.0").status_code == 403   # still BLOCK from /npm//team-*

    # ALLOW on the parent lets the rest through again.
    restrict(cp, domain, "/npm//team-*", "PUBLISH", "ALLOW")
    assert r["scratch"].npm_publish("team-ui", "1.0.0").status_code == 200

    # The same door for PyPI uploads and the control plane's PublishPackageVersion.
    c.create_package_group(domain=domain, packageGroup="/pypi//locked$")
    restrict(cp, domain, "/pypi//locked$", "PUBLISH", "BLOCK")
    assert r["releases"].pypi_upload("locked", "1.0.0").status_code == 403
    c.create_package_group(domain=domain, packageGroup="/generic/acme/frozen$")
    restrict(cp, domain, "/generic/acme/frozen$", "PUBLISH", "BLOCK")
    try:
        generic_publish(cp, domain, "releases", "frozen", "1.0.0")
        raise AssertionError("PublishPackageVersion was not refused")
    except c.exceptions.AccessDeniedException as e:
        assert "package group" in str(e)
    assert generic_publish(cp, domain, "releases", "thawed", "1.0.0")["status"] == "Published"


def test_internal_upstream_restriction_in_every_mode(cp, domain):
    r = make_repos(cp, domain, "app", "tools", "base", upstreams={"app": ["base"], "tools": ["base"]})
    assert r["base"].pypi_upload("shared-lib", "1.0.0").status_code == 200
    c = cp.client()
    c.create_package_group(domain=domain, packageGroup="/pypi//shared-lib$")

    assert r["app"].pypi_versions("shared-lib") == ["1.0.0"]               # INHERIT from /* (ALLOW)
    restrict(cp, domain, "/pypi//shared-lib$", "INTERNAL_UPSTREAM", "BLOCK")
    assert r["app"].pypi_page("shared-lib").status_code == 404
    assert r["app"].pypi_download("shared-lib", "1.0.0").status_code == 404
    assert r["base"].pypi_versions("shared-lib") == ["1.0.0"]              # its own versions are not upstream ones

    restrict(cp, domain, "/pypi//shared-lib$", "INTERNAL_UPSTREAM", "ALLOW_SPECIFIC_REPOSITORIES", allow=["tools"])
    assert r["tools"].pypi_versions("shared-lib") == ["1.0.0"]
    assert r["tools"].pypi_download("shared-lib", "1.0.0").status_code == 200
    assert r["app"].pypi_page("shared-lib").status_code == 404

    restrict(cp, domain, "/pypi//shared-lib$", "INTERNAL_UPSTREAM", "ALLOW")
    assert r["app"].pypi_versions("shared-lib") == ["1.0.0"]
    # INHERIT from a blocking root.
    restrict(cp, domain, "/pypi//shared-lib$", "INTERNAL_UPSTREAM", "INHERIT")
    restrict(cp, domain, "/*", "INTERNAL_UPSTREAM", "BLOCK")
    assert r["app"].pypi_page("shared-lib").status_code == 404
    assert r["tools"].pypi_versions("shared-lib") == ["1.0.0"]             # retained there before: its own now


def test_internal_upstream_restriction_holds_at_every_repository_of_a_chain(cp, domain):
    # app -> mid -> base. Only app may take this package from internal upstreams; mid may not, so
    # app sees mid's own versions but not base's (mid would not take them), until mid may too.
    r = make_repos(cp, domain, "app", "mid", "base", upstreams={"app": ["mid"], "mid": ["base"]})
    assert r["mid"].pypi_upload("chain-lib", "1.0.0").status_code == 200
    assert r["base"].pypi_upload("chain-lib", "2.0.0").status_code == 200
    c = cp.client()
    # mid's package would block upstream versions by its own origin controls: open it, so the
    # group's restriction is what decides.
    c.put_package_origin_configuration(domain=domain, repository="mid", format="pypi", package="chain-lib",
                                       restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    assert r["app"].pypi_versions("chain-lib") == ["1.0.0", "2.0.0"]
    c.create_package_group(domain=domain, packageGroup="/pypi//chain-lib$")
    restrict(cp, domain, "/pypi//chain-lib$", "INTERNAL_UPSTREAM", "ALLOW_SPECIFIC_REPOSITORIES", allow=["app"])
    assert r["mid"].pypi_versions("chain-lib") == ["1.0.0"]
    assert r["app"].pypi_versions("chain-lib") == ["1.0.0"]
    assert r["app"].pypi_download("chain-lib", "2.0.0").status_code == 404
    restrict(cp, domain, "/pypi//chain-lib$", "INTERNAL_UPSTREAM", "ALLOW_SPECIFIC_REPOSITORIES", allow=["mid"])
    assert r["app"].pypi_versions("chain-lib") == ["1.0.0", "2.0.0"]
    assert r["app"].pypi_download("chain-lib", "2.0.0").status_code == 200
