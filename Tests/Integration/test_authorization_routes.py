"""Issue 4, "Done when" 3: every route goes through the Authorizer. The request list is generated
from the server's own route table (`GET /_diag/routes`): a route without an entry in FILL below
fails the suite, so a new route cannot ship without proof that it refuses an unauthorized caller.

- API routes (`/v1/…`, `/granary/v1/…`): a correctly signed request from a user WITH NO POLICIES
  gets 403 AccessDeniedException — whether the target exists (account A's real domain,
  repository, package, asset; a real user) or not: authorization comes before lookups, so the
  answer is never 404, 400 or 500; and the same request unsigned gets 403
  MissingAuthenticationTokenException.
- Package routes (`/d/…`): no token → 401; a token of a user whose policies were removed after the
  token was issued → 403.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import botocore.session
import pytest
import requests

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import Site, User, allow, client_error, code_of, document, error_code, make_site, unique  # noqa: E402
# The fixtures, imported so that this module's definitions take precedence over any conftest's.
from authz_support import authz  # noqa: F401,E402

#: Route classes that are not under test here (operations and diagnostics endpoints).
SKIPPED_CLASSES = {"health", "metrics", "diag"}
#: Package protocols with their own walk (test_authorization_format_routes.py).
FORMAT_CLASSES = {"pypi", "npm", "maven", "nuget"}
#: Every route class the server has; a new one must be added here (and covered) deliberately.
KNOWN_CLASSES = SKIPPED_CLASSES | FORMAT_CLASSES | {"api", "generic"}


@dataclass
class Target:
    """What the fill-ins refer to: a real site of account A, and the caller (no policies)."""
    site: Site
    caller: User
    other_user: User      # a real user of the caller's account
    token_of_other: str   # a real, valid token (of account A's admin)
    real: bool            # True: A's real resources (domain-owner=A); False: names that do not exist


def v1_domain(t: Target) -> dict:
    if t.real:
        return {"domain": t.site.domain, "domain-owner": t.site.owner}
    return {"domain": unique("nodomain")}


def v1_repo(t: Target) -> dict:
    return v1_domain(t) | {"repository": t.site.repository if t.real else unique("norepo")}


def v1_package(t: Target) -> dict:
    return v1_repo(t) | {"format": "generic", "namespace": t.site.namespace,
                         "package": t.site.package if t.real else unique("nopkg")}


def v1_version(t: Target) -> dict:
    return v1_package(t) | {"version": t.site.version if t.real else "9.9.9"}


def v1_group(t: Target) -> dict:
    """The root group /* exists in every domain."""
    return v1_domain(t) | {"package-group": "/*"}


def resource_arn(t: Target) -> dict:
    if t.real:
        return {"resourceArn": t.site.domain_arn}
    return {"resourceArn": f"arn:aws:codeartifact:{t.site.authz.region}:{t.caller.account}:domain/{unique('nodomain')}"}


def policy_for(t: Target) -> str:
    return document(allow("codeartifact:*", "*", principal=t.caller.account))


def user_name(t: Target) -> str:
    return t.other_user.name if t.real else unique("nouser")


#: METHOD pattern -> Target -> (path parameters, query parameters, body, extra headers).
#: Query and body hold the operation's required members (botocore's model is checked against it).
FILL = {
    # ---------------------------------------------------------------- domains
    "POST /v1/domain": lambda t: ({}, {"domain": unique("newdomain")}, {}, {}),
    "GET /v1/domain": lambda t: ({}, v1_domain(t), None, {}),
    "DELETE /v1/domain": lambda t: ({}, v1_domain(t), None, {}),
    "POST /v1/domains": lambda t: ({}, {}, {}, {}),
    # ---------------------------------------------------------------- repositories
    "POST /v1/repository": lambda t: ({}, v1_domain(t) | {"repository": unique("newrepo")}, {}, {}),
    "GET /v1/repository": lambda t: ({}, v1_repo(t), None, {}),
    "PUT /v1/repository": lambda t: ({}, v1_repo(t), {"description": "changed"}, {}),
    "DELETE /v1/repository": lambda t: ({}, v1_repo(t), None, {}),
    "POST /v1/repositories": lambda t: ({}, {}, {}, {}),
    "POST /v1/domain/repositories": lambda t: ({}, v1_domain(t), {}, {}),
    "POST /v1/repository/external-connection":
        lambda t: ({}, v1_repo(t) | {"external-connection": "public:npmjs"}, None, {}),
    "DELETE /v1/repository/external-connection":
        lambda t: ({}, v1_repo(t) | {"external-connection": "public:npmjs"}, None, {}),
    "GET /v1/repository/endpoint": lambda t: ({}, v1_repo(t) | {"format": "generic"}, None, {}),
    # ---------------------------------------------------------------- package groups
    "POST /v1/package-group": lambda t: ({}, v1_domain(t), {"packageGroup": f"/generic/{unique('ns')}/*"}, {}),
    "GET /v1/package-group": lambda t: ({}, v1_group(t), None, {}),
    "PUT /v1/package-group": lambda t: ({}, v1_domain(t), {"packageGroup": "/*", "description": "changed"}, {}),
    "DELETE /v1/package-group": lambda t: ({}, v1_domain(t) | {"package-group": "/generic/ns/*"}, None, {}),
    "POST /v1/package-groups": lambda t: ({}, v1_domain(t), {}, {}),
    "POST /v1/package-groups/sub-groups": lambda t: ({}, v1_group(t), {}, {}),
    "GET /v1/get-associated-package-group": lambda t: (
        {}, v1_domain(t) | {"format": "generic", "namespace": t.site.namespace, "package": t.site.package}, None, {}),
    "GET /v1/list-associated-packages": lambda t: ({}, v1_group(t), None, {}),
    "PUT /v1/package-group-origin-configuration": lambda t: (
        {}, v1_group(t), {"restrictions": {"PUBLISH": "BLOCK"}}, {}),
    "GET /v1/package-group-allowed-repositories": lambda t: (
        {}, v1_group(t) | {"originRestrictionType": "PUBLISH"}, None, {}),
    # ---------------------------------------------------------------- resource policies
    "GET /v1/domain/permissions/policy": lambda t: ({}, v1_domain(t), None, {}),
    "PUT /v1/domain/permissions/policy": lambda t: (
        {}, {}, {"domain": v1_domain(t)["domain"], "policyDocument": policy_for(t)}
        | ({"domainOwner": t.site.owner} if t.real else {}), {}),
    "DELETE /v1/domain/permissions/policy": lambda t: ({}, v1_domain(t), None, {}),
    "GET /v1/repository/permissions/policy": lambda t: ({}, v1_repo(t), None, {}),
    "PUT /v1/repository/permissions/policy": lambda t: ({}, v1_repo(t), {"policyDocument": policy_for(t)}, {}),
    "DELETE /v1/repository/permissions/policies": lambda t: ({}, v1_repo(t), None, {}),
    # ---------------------------------------------------------------- tags
    "POST /v1/tag": lambda t: ({}, resource_arn(t), {"tags": [{"key": "k", "value": "v"}]}, {}),
    "POST /v1/untag": lambda t: ({}, resource_arn(t), {"tagKeys": ["k"]}, {}),
    "POST /v1/tags": lambda t: ({}, resource_arn(t), {}, {}),
    # ---------------------------------------------------------------- packages and versions
    "POST /v1/packages": lambda t: ({}, v1_repo(t), {}, {}),
    "GET /v1/package": lambda t: ({}, v1_package(t), None, {}),
    "DELETE /v1/package": lambda t: ({}, v1_package(t), None, {}),
    "POST /v1/package": lambda t: ({}, v1_package(t), {"restrictions": {"publish": "BLOCK", "upstream": "BLOCK"}}, {}),
    "POST /v1/package/versions": lambda t: ({}, v1_package(t), {}, {}),
    "GET /v1/package/version": lambda t: ({}, v1_version(t), None, {}),
    "POST /v1/package/version/assets": lambda t: ({}, v1_version(t), {}, {}),
    "GET /v1/package/version/readme": lambda t: ({}, v1_version(t), None, {}),
    "POST /v1/package/version/dependencies": lambda t: ({}, v1_version(t), {}, {}),
    "GET /v1/package/version/asset": lambda t: (
        {}, v1_version(t) | {"asset": t.site.asset if t.real else "none.bin"}, None, {}),
    "POST /v1/package/versions/update_status": lambda t: (
        {}, v1_package(t), {"versions": [t.site.version], "targetStatus": "Archived"}, {}),
    "POST /v1/package/versions/delete": lambda t: ({}, v1_package(t), {"versions": [t.site.version]}, {}),
    "POST /v1/package/versions/dispose": lambda t: ({}, v1_package(t), {"versions": [t.site.version]}, {}),
    "POST /v1/package/versions/copy": lambda t: (
        {}, {k: v for k, v in v1_package(t).items() if k != "repository"}
        | {"source-repository": v1_repo(t)["repository"], "destination-repository": unique("destrepo")},
        {"versions": [t.site.version]}, {}),
    "POST /v1/package/version/publish": lambda t: (
        {}, v1_version(t) | {"version": "6.6.6", "asset": "new.bin"}, b"new asset",
        {"x-amz-content-sha256": hashlib.sha256(b"new asset").hexdigest()}),
    # ---------------------------------------------------------------- tokens
    "POST /v1/authorization-token": lambda t: ({}, v1_domain(t), None, {}),
    # ---------------------------------------------------------------- Granary's JSON API
    "GET /granary/v1/users": lambda t: ({}, {}, None, {}),
    "POST /granary/v1/users": lambda t: ({}, {}, {"userName": unique("newuser")}, {}),
    "POST /granary/v1/users/:user/access-keys": lambda t: ({"user": user_name(t)}, {}, None, {}),
    "GET /granary/v1/users/:user/access-keys": lambda t: ({"user": user_name(t)}, {}, None, {}),
    "GET /granary/v1/users/:user/policies": lambda t: ({"user": user_name(t)}, {}, None, {}),
    "GET /granary/v1/users/:user/policies/:name": lambda t: ({"user": user_name(t), "name": "main"}, {}, None, {}),
    "PUT /granary/v1/users/:user/policies/:name": lambda t: (
        {"user": user_name(t), "name": "main"}, {}, {"policyDocument": document(allow("codeartifact:*", "*"))}, {}),
    "DELETE /granary/v1/users/:user/policies/:name": lambda t: ({"user": user_name(t), "name": "main"}, {}, None, {}),
    "POST /granary/v1/tokens/revoke": lambda t: ({}, {}, {"token": t.token_of_other if t.real else "x.y"}, {}),
    "POST /granary/v1/users/:user/tokens/revoke": lambda t: ({"user": user_name(t)}, {}, None, {}),
    "GET /granary/v1/policy-templates": lambda t: ({}, {}, None, {}),
    "GET /granary/v1/policy-templates/:name": lambda t: (
        {"name": "RepositoryReadOnly" if t.real else "NoSuchTemplate"},
        {"resourceArn": t.site.repository_arn, "principal": t.caller.account}, None, {}),
    "POST /granary/v1/explain": lambda t: ({}, {}, {
        "principalArn": t.other_user.arn if t.real else f"arn:aws:iam::{t.caller.account}:user/{unique('nouser')}",
        "action": "codeartifact:DescribeDomain", "resource": t.site.domain_arn}, {}),
    "GET /granary/v1/external-connections": lambda t: ({}, {}, None, {}),
    "POST /granary/v1/external-connections": lambda t: (
        {}, {}, {"name": unique("conn"), "packageFormat": "npm", "url": "https://registry.example/"}, {}),
    "GET /granary/v1/external-connections/:name": lambda t: ({"name": unique("conn")}, {}, None, {}),
    "DELETE /granary/v1/external-connections/:name": lambda t: ({"name": unique("conn")}, {}, None, {}),
}

#: Package routes: METHOD pattern -> Site -> path.
PACKAGE_FILL = {
    "GET /d/:domain/generic/:repository/:package/:version/*asset": lambda s: s.path,
}


def route_key(route: dict) -> str:
    return f"{route['method']} {route['pattern']}"


def expand(pattern: str, params: dict) -> str:
    """The pattern with `:name` and `*name` segments replaced by PARAMS."""
    def sub(m):
        name = m.group(1)
        assert name in params, f"no value for {m.group(0)} in {pattern}"
        return params[name]
    return re.sub(r"[:*]([A-Za-z_][A-Za-z0-9_]*)", sub, pattern)


@pytest.fixture(scope="module")
def routes(authz):
    r = authz.stack.get("/_diag/routes")
    assert r.status_code == 200, r.text
    table = r.json()
    assert table and all({"method", "pattern", "routeClass"} <= set(x) for x in table)
    return table


@pytest.fixture(scope="module")
def world(authz) -> Site:
    """Account A's site the walk aims at (its own: a failing walk may change it)."""
    return make_site(authz)


@pytest.fixture(scope="module")
def nobody(authz):
    """A user of a fresh account with no policies at all, and another user of that account."""
    account = authz.new_account(unique("acct-nobody"))
    caller = authz.new_user(account)
    assert authz.identity_policies(caller) == []
    return caller, authz.new_user(account)


#: `POST /` serves the AWS JSON 1.1 services (EventBridge): test_events_api_authorization.py walks
#: every operation behind it (`GET /_diag/json11-targets`) the same way.
JSON11_ROUTE = "POST /"


def walked(routes) -> list:
    """The API routes this walk sends requests to (all but the JSON 1.1 door)."""
    return [r for r in routes if r["routeClass"] == "api" and route_key(r) != JSON11_ROUTE]


def test_every_route_has_a_fill_in(routes):
    classes = {r["routeClass"] for r in routes}
    assert classes <= KNOWN_CLASSES, f"unknown route classes {classes - KNOWN_CLASSES}: cover them here"
    assert JSON11_ROUTE in {route_key(r) for r in routes if r["routeClass"] == "api"}
    api = {route_key(r) for r in walked(routes)}
    package = {route_key(r) for r in routes if r["routeClass"] == "generic"}
    assert api, "no API routes listed"
    assert package, "no package routes listed"
    assert not api - FILL.keys(), f"API routes without a fill-in (add them to FILL): {sorted(api - FILL.keys())}"
    assert not package - PACKAGE_FILL.keys(), f"package routes without a fill-in: {sorted(package - PACKAGE_FILL.keys())}"
    # And no stale entries: the table describes the server as it is.
    assert not FILL.keys() - api, f"FILL entries for routes the server lacks: {sorted(FILL.keys() - api)}"
    assert not PACKAGE_FILL.keys() - package, sorted(PACKAGE_FILL.keys() - package)
    for r in walked(routes):
        assert r["pattern"].startswith(("/v1/", "/granary/v1/")), r


def test_fill_ins_carry_the_required_members(authz, world, nobody):
    """The fill-ins are real requests: for each CodeArtifact route, the query string and body hold
    every member botocore's model requires (so a 403 is not a validation error in disguise)."""
    model = botocore.session.get_session().get_service_model("codeartifact")
    operations = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        operations[f"{op.http['method']} {op.http['requestUri'].split('?')[0]}"] = op
    caller, other = nobody
    target = Target(world, caller, other, "x.y", real=True)
    checked = 0
    for key, fill in FILL.items():
        if not key.split(" ", 1)[1].startswith("/v1/"):
            continue
        assert key in operations, f"{key} is not a CodeArtifact operation of botocore's model"
        op = operations[key]
        _, query, body, headers = fill(target)
        for member in op.input_shape.required_members:
            ser = op.input_shape.members[member].serialization
            where, wire = ser.get("location", "body"), ser.get("name", member)
            if where == "querystring":
                assert wire in query, f"{key} ({op.name}): required query parameter {wire} missing"
            elif where == "header":
                assert wire.lower() in {h.lower() for h in headers}, f"{key}: required header {wire} missing"
            elif op.input_shape.members[member].type_name == "blob" and ser.get("location") is None \
                    and op.input_shape.serialization.get("payload") == member:
                assert isinstance(body, bytes) and body, f"{key}: payload {member} missing"
            else:
                assert isinstance(body, dict) and member in body, f"{key} ({op.name}): body member {member} missing"
        checked += 1
    assert checked >= 35


def api_targets(authz, world, nobody):
    caller, other = nobody
    token = authz.token(authz.admin, world.domain, world.owner)["authorizationToken"]
    return [Target(world, caller, other, token, real=True), Target(world, caller, other, token, real=False)]


def test_every_api_route_refuses_a_principal_without_policies(authz, world, nobody, routes):
    caller, other = nobody
    failures = []
    targets = api_targets(authz, world, nobody)
    for target in targets:
        for route in walked(routes):
            key = route_key(route)
            path_params, query, body, headers = FILL[key](target)
            path = expand(route["pattern"], path_params)
            r = authz.signed(route["method"], path, caller, params=query, body=body, headers=headers)
            where = "A's real resource" if target.real else "a target that does not exist"
            if r.status_code != 403 or error_code(r) != "AccessDeniedException":
                failures.append(f"{key} on {where}: {r.status_code} {error_code(r)} {r.text[:200]}")
            elif "not authorized" not in r.json().get("message", ""):
                failures.append(f"{key} on {where}: 403 without the usual message: {r.text[:200]}")
            if route["method"] == "GET":
                # HEAD reaches the GET handlers: the same door.
                r = authz.signed("HEAD", path, caller, params=query, body=body, headers=headers)
                if r.status_code != 403 or error_code(r) != "AccessDeniedException":
                    failures.append(f"HEAD {route['pattern']} on {where}: {r.status_code} {error_code(r)}")
    assert not failures, "routes that did not refuse a principal without policies:\n" + "\n".join(failures)

    # Nothing happened: A's site is as it was, the token not revoked, no user, key or policy made.
    c = authz.client()
    w = world
    versions = c.list_package_versions(domain=w.domain, repository=w.repository, format="generic",
                                       namespace=w.namespace, package=w.package)["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [(w.version, "Published")]
    assert c.list_tags_for_resource(resourceArn=w.domain_arn)["tags"] == []
    for call, kw in ((c.get_domain_permissions_policy, {}), (c.get_repository_permissions_policy,
                                                          {"repository": w.repository})):
        e = client_error(call, domain=w.domain, **kw)
        assert code_of(e) == "ResourceNotFoundException", e
    r = w.download(targets[0].token_of_other)
    assert r.status_code == 200 and r.content == w.data
    users = authz.cli("admin", "users", "list", "--account", caller.account)
    assert sorted(u["userName"] for u in users) == sorted([caller.name, other.name])
    assert authz.identity_policies(caller) == [] and authz.identity_policies(other) == []


def test_every_api_route_refuses_an_unsigned_request(authz, world, nobody, routes):
    failures = []
    target = api_targets(authz, world, nobody)[0]
    for route in walked(routes):
        key = route_key(route)
        path_params, query, body, headers = FILL[key](target)
        r = authz.signed(route["method"], expand(route["pattern"], path_params), params=query, body=body,
                         headers=headers, sign=False)
        if r.status_code != 403 or error_code(r) != "MissingAuthenticationTokenException":
            failures.append(f"{key}: {r.status_code} {error_code(r)} {r.text[:200]}")
    assert not failures, "routes that did not refuse an unsigned request:\n" + "\n".join(failures)


def test_unsigned_publish_without_a_content_hash_is_unauthenticated(authz, world):
    """An unsigned PublishPackageVersion (a plain `curl --data-binary`, without the
    x-amz-content-sha256 header) is an unauthenticated request first: 403
    MissingAuthenticationTokenException, not a validation error about a header."""
    query = {"domain": world.domain, "repository": world.repository, "format": "generic", "namespace": "ns",
             "package": world.package, "version": "7.7.7", "asset": "a.bin"}
    r = authz.signed("POST", "/v1/package/version/publish", params=query, body=b"data", sign=False)
    assert (r.status_code, error_code(r)) == (403, "MissingAuthenticationTokenException"), r.text


def test_every_package_route_requires_a_token_and_authorizes_each_request(authz, routes):
    # Account A's own user (same account: its identity policy alone decides), with a token.
    s = make_site(authz)
    reader = authz.new_user(s.owner, policy=document(allow(
        ["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"], "*")))
    token = s.token(reader)
    failures = []
    package_routes = [r for r in routes if r["routeClass"] == "generic"]
    for route in package_routes:
        key = route_key(route)
        path = PACKAGE_FILL[key](s)
        r = authz.download(path, None, namespace=s.namespace)
        if r.status_code != 401 or not r.headers.get("WWW-Authenticate", "").startswith("Bearer"):
            failures.append(f"{key} without a token: {r.status_code} {r.text[:200]}")
        if route["method"] == "GET":
            r = requests.head(authz.endpoint() + path, params={"namespace": s.namespace}, timeout=10)
            if r.status_code != 401:
                failures.append(f"HEAD {route['pattern']} without a token: {r.status_code}")
        r = authz.download(path, token, namespace=s.namespace)
        if r.status_code != 200:
            failures.append(f"{key} with a token whose user may read: {r.status_code} {r.text[:200]}")
    authz.delete_identity_policy(reader, "main")
    assert authz.identity_policies(reader) == []
    for route in package_routes:
        key = route_key(route)
        r = authz.download(PACKAGE_FILL[key](s), token, namespace=s.namespace)
        if r.status_code != 403:
            failures.append(f"{key} with a token whose user lost its policies: {r.status_code} {r.text[:200]}")
        if route["method"] == "GET":
            r = requests.head(authz.endpoint() + PACKAGE_FILL[key](s), params={"namespace": s.namespace},
                              headers={"Authorization": f"Bearer {token}"}, timeout=10)
            if r.status_code != 403:
                failures.append(f"HEAD {route['pattern']} with a token whose user lost its policies: {r.status_code}")
    assert not failures, "\n".join(failures)
