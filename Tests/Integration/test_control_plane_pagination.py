"""Pagination of every List operation: maxResults + nextToken (opaque, signed) with more items
than a page, every item seen exactly once and in order; botocore's paginators and the aws CLI's
auto-pagination (--page-size, --max-items / --starting-token); tampered and replayed tokens."""
import pytest

from cp_support import cleanup_domain, unique
from format_fixtures import make_repos


def pages(call, result_key, max_results, **kw):
    """Follows nextToken by hand: the list of pages (each a list of items)."""
    out, token = [], None
    for _ in range(100):
        resp = call(maxResults=max_results, **({"nextToken": token} if token else {}), **kw)
        out.append(resp[result_key])
        token = resp.get("nextToken")
        if not token:
            return out
    raise AssertionError("nextToken never ended")


def assert_paged(got_pages, expected, max_results, key=lambda x: x):
    keys = [key(item) for page in got_pages for item in page]
    assert sorted(keys) == sorted(expected), "every item exactly once"
    assert len(keys) == len(set(keys)), f"duplicates: {keys}"
    assert all(len(p) <= max_results for p in got_pages), [len(p) for p in got_pages]
    assert all(len(p) == max_results for p in got_pages[:-1]), [len(p) for p in got_pages]
    assert len(got_pages) == -(-len(expected) // max_results) or (len(got_pages) == len(expected) // max_results + 1
                                                                  and got_pages[-1] == [])
    return keys


@pytest.fixture
def tenant_domains(cp, tenant):
    """A fresh account with 7 domains."""
    c = cp.client(tenant)
    names = sorted(unique("p") for _ in range(7))
    for n in names:
        c.create_domain(domain=n)
    yield tenant, names
    for n in names:
        cleanup_domain(cp, n, tenant)


@pytest.fixture
def package_repo(cp, domain):
    """repo with 7 packages (two namespaces) and package ns/many with 7 versions, 5 assets on 1.0."""
    c = cp.client()
    c.create_repository(domain=domain, repository="repo")
    packages = [("ns", f"pkg{i}") for i in range(4)] + [("other", f"pkg{i}") for i in range(2)] + [("ns", "many")]
    versions = [f"1.{i}" for i in range(7)]
    for i, v in enumerate(versions):
        cp.publish(domain, "repo", "many", v, "a", v.encode())
    for i in range(2, 6):
        cp.publish(domain, "repo", "many", "1.0-assets", f"asset-{i}", b"x" * i, unfinished=True)
    cp.publish(domain, "repo", "many", "1.0-assets", "asset-1", b"x")
    for ns, name in packages[:-1]:
        cp.publish(domain, "repo", name, "1.0", "a", b"a", namespace=ns)
    return packages, versions + ["1.0-assets"]


def test_list_domains(cp, tenant_domains):
    tenant, names = tenant_domains
    c = cp.client(tenant)
    got = pages(c.list_domains, "domains", 3)
    keys = assert_paged(got, names, 3, key=lambda d: d["name"])
    assert keys == names, "domains are listed by name"
    assert pages(c.list_domains, "domains", 7)[0] and len(pages(c.list_domains, "domains", 7)) == 1
    assert [d["name"] for d in pages(c.list_domains, "domains", 1000)[0]] == names


def test_list_domains_paginator_and_cli(cp, tenant_domains):
    tenant, names = tenant_domains
    c = cp.client(tenant, tls=True)
    seen = [d["name"] for page in c.get_paginator("list_domains").paginate(PaginationConfig={"PageSize": 2})
            for d in page["domains"]]
    assert seen == names
    # The CLI follows nextToken itself with --page-size.
    out = cp.aws("list-domains", "--page-size", "2", creds=tenant, tls=True)
    assert [d["name"] for d in out["domains"]] == names
    # --max-items stops early with a NextToken the CLI resumes from.
    first = cp.aws("list-domains", "--page-size", "2", "--max-items", "3", creds=tenant)
    assert [d["name"] for d in first["domains"]] == names[:3]
    rest = cp.aws("list-domains", "--page-size", "2", "--starting-token", first["NextToken"], creds=tenant)
    assert [d["name"] for d in rest["domains"]] == names[3:]


def test_list_repositories_with_the_same_names_in_two_domains(cp, tenant):
    c = cp.client(tenant)
    d1, d2 = unique("p"), unique("p")
    try:
        expected = []
        for d in (d1, d2):
            c.create_domain(domain=d)
            for i in range(5):
                c.create_repository(domain=d, repository=f"repo{i}")
                expected.append((d, f"repo{i}"))
        got = pages(c.list_repositories, "repositories", 3)
        keys = assert_paged(got, expected, 3, key=lambda r: (r["domainName"], r["name"]))
        assert [name for _, name in keys] == sorted(name for _, name in keys), "listed by name"
        pre = pages(c.list_repositories, "repositories", 1, repositoryPrefix="repo3")
        assert_paged(pre, [(d1, "repo3"), (d2, "repo3")], 1, key=lambda r: (r["domainName"], r["name"]))
        seen = [(r["domainName"], r["name"]) for page in c.get_paginator("list_repositories").paginate(
            PaginationConfig={"PageSize": 4}) for r in page["repositories"]]
        assert sorted(seen) == sorted(expected)
        cli = cp.aws("list-repositories", "--page-size", "3", creds=tenant)["repositories"]
        assert sorted((r["domainName"], r["name"]) for r in cli) == sorted(expected)
    finally:
        cleanup_domain(cp, d1, tenant)
        cleanup_domain(cp, d2, tenant)


def test_list_repositories_in_domain(cp, domain):
    c = cp.client()
    names = [f"r{i:02d}" for i in range(7)] + ["zz-last"]
    for n in names:
        c.create_repository(domain=domain, repository=n)
    got = pages(c.list_repositories_in_domain, "repositories", 3, domain=domain)
    assert assert_paged(got, names, 3, key=lambda r: r["name"]) == sorted(names)
    got = pages(c.list_repositories_in_domain, "repositories", 2, domain=domain, repositoryPrefix="r0")
    assert_paged(got, names[:7], 2, key=lambda r: r["name"])
    out = cp.aws("list-repositories-in-domain", "--domain", domain, "--page-size", "3", tls=True)
    assert [r["name"] for r in out["repositories"]] == sorted(names)


def test_list_packages(cp, domain, package_repo):
    packages, _ = package_repo
    c = cp.client()
    got = pages(c.list_packages, "packages", 3, domain=domain, repository="repo")
    assert_paged(got, packages, 3, key=lambda p: (p["namespace"], p["package"]))
    got = pages(c.list_packages, "packages", 2, domain=domain, repository="repo", namespace="ns")
    assert_paged(got, [p for p in packages if p[0] == "ns"], 2, key=lambda p: (p["namespace"], p["package"]))
    seen = [(p["namespace"], p["package"]) for page in c.get_paginator("list_packages").paginate(
        domain=domain, repository="repo", PaginationConfig={"PageSize": 4}) for p in page["packages"]]
    assert sorted(seen) == sorted(packages)
    cli = cp.aws("list-packages", "--domain", domain, "--repository", "repo", "--page-size", "2")["packages"]
    assert sorted((p["namespace"], p["package"]) for p in cli) == sorted(packages)


def test_list_packages_across_formats_and_namespaces(cp, domain):
    """The cursor moves across a format and a namespace boundary: every page starts right after
    the last package of the one before, in (format, namespace, name) order."""
    repo = make_repos(cp, domain, "mixed")["mixed"]
    for name in ("left", "right"):
        cp.publish(domain, "mixed", name, "1.0", "a", b"a", namespace="ns")
    for name in ("@scope/inner", "plain", "zeta"):
        assert repo.npm_publish(name, "1.0.0").status_code in (200, 201)
    for name in ("alpha", "beta"):
        assert repo.pypi_upload(name, "1.0").status_code == 200
    expected = [("generic", "ns", "left"), ("generic", "ns", "right"), ("npm", "", "plain"), ("npm", "", "zeta"),
                ("npm", "scope", "inner"), ("pypi", "", "alpha"), ("pypi", "", "beta")]
    c = cp.client()
    key = lambda p: (p["format"], p.get("namespace", ""), p["package"])
    for size in (1, 2, 3):
        got = pages(c.list_packages, "packages", size, domain=domain, repository="mixed")
        assert assert_paged(got, expected, size, key=key) == expected
    got = pages(c.list_packages, "packages", 1, domain=domain, repository="mixed", format="npm")
    assert assert_paged(got, expected[2:5], 1, key=key) == expected[2:5]


def test_list_package_versions(cp, domain, package_repo):
    _, versions = package_repo
    c = cp.client()
    args = dict(domain=domain, repository="repo", format="generic", namespace="ns", package="many")
    got = pages(c.list_package_versions, "versions", 3, **args)
    assert_paged(got, versions, 3, key=lambda v: v["version"])
    # Newest first, across pages.
    got = pages(c.list_package_versions, "versions", 3, sortBy="PUBLISHED_TIME", **args)
    keys = assert_paged(got, versions, 3, key=lambda v: v["version"])
    whole = [v["version"] for v in c.list_package_versions(sortBy="PUBLISHED_TIME", **args)["versions"]]
    assert keys == whole
    # With a status filter.
    got = pages(c.list_package_versions, "versions", 2, status="Published", **args)
    assert_paged(got, versions, 2, key=lambda v: v["version"])
    seen = [v["version"] for page in c.get_paginator("list_package_versions").paginate(
        **args, PaginationConfig={"PageSize": 2}) for v in page["versions"]]
    assert sorted(seen) == sorted(versions)
    cli = cp.aws("list-package-versions", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "many", "--page-size", "3", "--sort-by", "PUBLISHED_TIME")
    assert [v["version"] for v in cli["versions"]] == whole


def test_list_package_version_assets(cp, domain, package_repo):
    c = cp.client()
    args = dict(domain=domain, repository="repo", format="generic", namespace="ns", package="many",
                packageVersion="1.0-assets")
    names = [f"asset-{i}" for i in range(1, 6)]
    got = pages(c.list_package_version_assets, "assets", 2, **args)
    assert assert_paged(got, names, 2, key=lambda a: a["name"]) == names
    seen = [a["name"] for page in c.get_paginator("list_package_version_assets").paginate(
        **args, PaginationConfig={"PageSize": 2}) for a in page["assets"]]
    assert seen == names
    cli = cp.aws("list-package-version-assets", "--domain", domain, "--repository", "repo", "--format", "generic",
                 "--namespace", "ns", "--package", "many", "--package-version", "1.0-assets", "--page-size", "2",
                 tls=True)
    assert [a["name"] for a in cli["assets"]] == names


# ---------------------------------------------------------------------------------- tokens

def first_token(resp):
    token = resp.get("nextToken")
    assert token, resp
    return token


def tampered(token: str) -> list:
    flip = {"a": "b", "b": "a"}
    out = []
    for i in (0, len(token) // 2, len(token) - 1):
        ch = token[i]
        out.append(token[:i] + (flip.get(ch) or ("a" if ch != "a" else "b")) + token[i + 1:])
    out += [token + "x", token[:-2], "", "garbage", token.replace(".", "")]
    return [t for t in out if t != token]


def test_tampered_tokens_are_refused(cp, tenant_domains):
    tenant, names = tenant_domains
    c = cp.client(tenant, parameter_validation=False)
    token = first_token(c.list_domains(maxResults=2))
    for bad in tampered(token):
        if not bad:
            continue
        with pytest.raises(c.exceptions.ValidationException):
            c.list_domains(maxResults=2, nextToken=bad)
    # The untampered token still works.
    assert [d["name"] for d in c.list_domains(maxResults=2, nextToken=token)["domains"]] == names[2:4]
    cp.aws_error("ValidationException", "list-domains", "--next-token", token[:-1] + ("0" if token[-1] != "0" else "1"),
                 creds=tenant)


def test_a_token_is_bound_to_its_list(cp, domain, package_repo):
    c = cp.client()
    for i in range(3):
        c.create_repository(domain=domain, repository=f"extra{i}")
    repos_token = first_token(c.list_repositories_in_domain(domain=domain, maxResults=1))
    with pytest.raises(c.exceptions.ValidationException):
        c.list_packages(domain=domain, repository="repo", nextToken=repos_token)
    packages_token = first_token(c.list_packages(domain=domain, repository="repo", maxResults=1))
    with pytest.raises(c.exceptions.ValidationException):
        c.list_repositories_in_domain(domain=domain, nextToken=packages_token)
    with pytest.raises(c.exceptions.ValidationException):
        c.list_repositories(nextToken=packages_token)


def test_a_versions_token_is_bound_to_its_package(cp, domain, package_repo):
    c = cp.client()
    args = dict(domain=domain, repository="repo", format="generic", namespace="ns")
    token = first_token(c.list_package_versions(**args, package="many", maxResults=1))
    with pytest.raises(c.exceptions.ValidationException):
        c.list_package_versions(**args, package="pkg0", nextToken=token)


def test_an_assets_token_is_bound_to_its_version(cp, domain, package_repo):
    c = cp.client()
    args = dict(domain=domain, repository="repo", format="generic", namespace="ns", package="many")
    token = first_token(c.list_package_version_assets(**args, packageVersion="1.0-assets", maxResults=1))
    with pytest.raises(c.exceptions.ValidationException):
        c.list_package_version_assets(**args, packageVersion="1.1", nextToken=token)


@pytest.mark.parametrize("value", [0, -1, 1001])
def test_max_results_bounds(cp, domain, value):
    c = cp.client(parameter_validation=False)
    c.create_repository(domain=domain, repository="repo")
    with pytest.raises(c.exceptions.ValidationException):
        c.list_domains(maxResults=value)
    with pytest.raises(c.exceptions.ValidationException):
        c.list_repositories_in_domain(domain=domain, maxResults=value)
    with pytest.raises(c.exceptions.ValidationException):
        c.list_packages(domain=domain, repository="repo", maxResults=value)
