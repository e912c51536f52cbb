"""Granary's own JSON API (SigV4-signed, `granary:<Action>`): users, access keys and identity
policies of the caller's account; explain (the deciding statements of Allow, ExplicitDeny and
ImplicitDeny, cross-account with missingAllowFrom); the policy templates, each Put on a domain or
repository and then granting what it says; and the OpenAPI description matching the route table."""
import json
from pathlib import Path

import pytest

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import allow, client_error, code_of, deny, document, error_code, unique  # noqa: E402
# The fixtures, imported so that this module's definitions take precedence over any conftest's.
from authz_support import authz, site, world  # noqa: F401,E402

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "granary-api.openapi.json"
GRANARY_ALL = document(allow("granary:*", "*"))


def ok(r, status: int = 200) -> dict:
    assert r.status_code == status, (r.request.method, r.request.url, r.status_code, r.text[:400])
    return r.json()


def fails(r, status: int, code: str) -> dict:
    assert (r.status_code, error_code(r)) == (status, code), (r.request.method, r.request.url, r.text[:400])
    return r.json()


@pytest.fixture
def tenant_admin(authz):
    """A fresh account whose user may use all of Granary's API (and nothing of CodeArtifact)."""
    return authz.new_user(authz.new_account(unique("acct-t")), policy=GRANARY_ALL)


# ------------------------------------------------------------------------------ users, keys, policies


def test_users_access_keys_and_policies(authz, tenant_admin):
    adm = tenant_admin
    users = ok(authz.api("GET", "/users", adm))["users"]
    assert [u["userName"] for u in users] == [adm.name]
    assert users[0]["arn"] == adm.arn and users[0]["accountId"] == adm.account

    name = unique("alice")
    created = ok(authz.api("POST", "/users", adm, body={"userName": name}), 201)["user"]
    assert created["arn"] == f"arn:aws:iam::{adm.account}:user/{name}"
    assert created["userId"].startswith("AIDA")
    fails(authz.api("POST", "/users", adm, body={"userName": name}), 409, "ConflictException")
    fails(authz.api("POST", "/users", adm, body={"userName": "no spaces"}), 400, "ValidationException")
    assert sorted(u["userName"] for u in ok(authz.api("GET", "/users", adm))["users"]) == sorted([adm.name, name])
    # Another account's users are not visible, and its users are not reachable by name.
    assert name not in [u["userName"] for u in ok(authz.api("GET", "/users", authz.admin))["users"]]
    fails(authz.api("GET", f"/users/{name}/policies", authz.admin), 404, "ResourceNotFoundException")

    key = ok(authz.api("POST", f"/users/{name}/access-keys", adm), 201)["accessKey"]
    assert key["userName"] == name and key["status"] == "Active" and len(key["secretAccessKey"]) >= 40
    keys = ok(authz.api("GET", f"/users/{name}/access-keys", adm))["accessKeys"]
    assert [k["accessKeyId"] for k in keys] == [key["accessKeyId"]]
    assert all("secretAccessKey" not in k or k["secretAccessKey"] is None for k in keys)
    fails(authz.api("GET", "/users/nobody-here/access-keys", adm), 404, "ResourceNotFoundException")

    # The new key authenticates; with no policy, it is denied everything.
    from authz_support import User
    alice = User(adm.account, name, key["accessKeyId"], key["secretAccessKey"])
    e = client_error(authz.client(alice).list_domains)
    assert code_of(e) == "AccessDeniedException"
    fails(authz.api("GET", "/users", alice), 403, "AccessDeniedException")

    assert ok(authz.api("GET", f"/users/{name}/policies", adm)) == {"policies": []}
    text = document(allow(["codeartifact:ListDomains", "codeartifact:CreateDomain"], "*", sid="Domains"))
    put = ok(authz.api("PUT", f"/users/{name}/policies/domains", adm, body={"policyDocument": text}))["policy"]
    assert put == {"policyName": "domains", "policyDocument": text}
    assert ok(authz.api("GET", f"/users/{name}/policies/domains", adm))["policy"]["policyDocument"] == text
    assert [p["policyName"] for p in ok(authz.api("GET", f"/users/{name}/policies", adm))["policies"]] == ["domains"]
    # Now it is allowed exactly that.
    assert authz.client(alice).list_domains()["domains"] == []
    authz.client(alice).create_domain(domain=unique("d"))
    assert len(authz.client(alice).list_domains()["domains"]) == 1
    e = client_error(authz.client(alice).describe_domain, domain="whatever")
    assert code_of(e) == "AccessDeniedException"

    # Invalid documents and names are refused; the stored policy is unchanged.
    for bad in ("nope", "{}", json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}),
                json.dumps({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bogus": {"a": "b"}}}]})):
        fails(authz.api("PUT", f"/users/{name}/policies/domains", adm, body={"policyDocument": bad}),
              400, "ValidationException")
    assert ok(authz.api("GET", f"/users/{name}/policies/domains", adm))["policy"]["policyDocument"] == text
    fails(authz.api("PUT", f"/users/{name}/policies/bad%20name", adm, body={"policyDocument": text}),
          400, "ValidationException")
    fails(authz.api("PUT", "/users/nobody-here/policies/p", adm, body={"policyDocument": text}),
          404, "ResourceNotFoundException")

    ok(authz.api("DELETE", f"/users/{name}/policies/domains", adm))
    fails(authz.api("GET", f"/users/{name}/policies/domains", adm), 404, "ResourceNotFoundException")
    fails(authz.api("DELETE", f"/users/{name}/policies/domains", adm), 404, "ResourceNotFoundException")
    assert ok(authz.api("GET", f"/users/{name}/policies", adm)) == {"policies": []}
    e = client_error(authz.client(alice).list_domains)
    assert code_of(e) == "AccessDeniedException"


def test_granary_actions_are_authorized_per_action_and_user(authz, tenant_admin):
    """granary:<Action> on the user's ARN: a user may be allowed to manage only itself."""
    adm = tenant_admin
    me = authz.new_user(adm.account, policy=document(allow(
        ["granary:GetUserPolicy", "granary:ListUserPolicies", "granary:ListAccessKeys"],
        f"arn:aws:iam::{adm.account}:user/${{aws:username}}")))
    ok(authz.api("GET", f"/users/{me.name}/policies", me))
    ok(authz.api("GET", f"/users/{me.name}/access-keys", me))
    fails(authz.api("GET", f"/users/{adm.name}/policies", me), 403, "AccessDeniedException")
    fails(authz.api("POST", f"/users/{me.name}/access-keys", me), 403, "AccessDeniedException")
    fails(authz.api("PUT", f"/users/{me.name}/policies/escalate", me, body={"policyDocument": GRANARY_ALL}),
          403, "AccessDeniedException")
    assert [p["policyName"] for p in ok(authz.api("GET", f"/users/{me.name}/policies", me))["policies"]] == ["main"]
    # codeartifact:* does not grant granary actions.
    ca = authz.new_user(adm.account, policy=document(allow("codeartifact:*", "*")))
    fails(authz.api("GET", "/users", ca), 403, "AccessDeniedException")


# ------------------------------------------------------------------------------ explain


def explain(authz, caller, principal_arn: str, action: str, resource: str) -> dict:
    return ok(authz.api("POST", "/explain", caller,
                        body={"principalArn": principal_arn, "action": action, "resource": resource}))


def test_explain_same_account(authz, world):
    adm = authz.new_user(world.owner, policy=GRANARY_ALL)
    user = authz.new_user(world.owner)
    authz.put_identity_policy(user, "reads", document(
        allow("codeartifact:Describe*", "*", sid="Describe"),
        allow("codeartifact:DescribeDomain", world.domain_arn, sid="DescribeThisDomain")))
    authz.put_identity_policy(user, "guard", document(
        deny("codeartifact:DescribeRepository", world.repository_arn, sid="NotThatRepository")))

    out = explain(authz, adm, user.arn, "codeartifact:DescribeDomain", world.domain_arn)
    assert out["decision"] == "Allow" and out["crossAccount"] is False
    found = {(s["policyName"], s["sid"], s["side"], s["effect"], s["index"]) for s in out["statements"]}
    assert found == {(f"user/{user.name}/reads", "Describe", "IdentityPolicy", "Allow", 0),
                     (f"user/{user.name}/reads", "DescribeThisDomain", "IdentityPolicy", "Allow", 1)}

    out = explain(authz, adm, user.arn, "codeartifact:DescribeRepository", world.repository_arn)
    assert out["decision"] == "ExplicitDeny"
    assert [(s["policyName"], s["sid"], s["effect"]) for s in out["statements"]] == [
        (f"user/{user.name}/guard", "NotThatRepository", "Deny")]

    out = explain(authz, adm, user.arn, "codeartifact:DeletePackage", world.package_arn)
    assert out["decision"] == "ImplicitDeny" and out["statements"] == []
    assert sorted(out["missingAllowFrom"]) == ["IdentityPolicy", "ResourcePolicy"]

    # Explain agrees with what the user actually gets.
    c = authz.client(user)
    assert c.describe_domain(domain=world.domain)
    assert code_of(client_error(c.describe_repository, domain=world.domain, repository=world.repository)) \
        == "AccessDeniedException"
    # Only users of the caller's own account can be explained, and only with granary:Explain.
    other = authz.new_user(authz.new_account())
    fails(authz.api("POST", "/explain", adm, body={"principalArn": other.arn, "action": "codeartifact:ListDomains",
                                                   "resource": "*"}), 400, "ValidationException")
    fails(authz.api("POST", "/explain", user, body={"principalArn": user.arn, "action": "codeartifact:ListDomains",
                                                    "resource": "*"}), 403, "AccessDeniedException")


def test_explain_cross_account(authz, site):
    """b_admin (granary:* in account B) explains B's user against account A's repository: B's
    statements show; A's decide just the same but are redacted, since b_admin may not read A's
    policies (test_sigv4_strict.py covers the case where A lets it)."""
    s = site
    b_account = authz.new_account(unique("acct-b"))
    b_admin = authz.new_user(b_account, policy=GRANARY_ALL)
    b = authz.new_user(b_account, policy=document(allow("codeartifact:ReadFromRepository", "*", sid="BReads")))
    action = "codeartifact:ReadFromRepository"
    hidden = (None, None, "ResourcePolicy")

    # Neither side allows: both are missing.
    out = explain(authz, b_admin, b.arn, "codeartifact:DeleteRepository", s.repository_arn)
    assert (out["decision"], out["crossAccount"], out["statements"]) == ("ImplicitDeny", True, [])
    assert sorted(out["missingAllowFrom"]) == ["IdentityPolicy", "ResourcePolicy"]

    # Identity allows, no resource policy: ImplicitDeny, missing the resource side.
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert (out["decision"], out["crossAccount"], out["missingAllowFrom"]) == ("ImplicitDeny", True, ["ResourcePolicy"])
    assert [(x["sid"], x["side"]) for x in out["statements"]] == [("BReads", "IdentityPolicy")]

    # Resource policy allows, identity does not: missing the identity side.
    s.put_repository_policy(document(allow(action, "*", principal=b_account, sid="PartnerReads")))
    authz.put_identity_policy(b, "main", document(allow("codeartifact:DescribeDomain", "*")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert (out["decision"], out["missingAllowFrom"]) == ("ImplicitDeny", ["IdentityPolicy"])
    assert [(x.get("policyName"), x.get("sid"), x["side"]) for x in out["statements"]] == [hidden]

    # Both: Allow, naming a statement from each side (and the domain policy's, if it matches).
    authz.put_identity_policy(b, "main", document(allow(action, "*", sid="BReads")))
    s.put_domain_policy(document(allow("codeartifact:*", "*", principal=b.arn, sid="DomainWide")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert out["decision"] == "Allow" and out["crossAccount"] is True and out["missingAllowFrom"] == []
    assert sorted((x.get("policyName") or "", x.get("sid") or "", x["side"]) for x in out["statements"]) == sorted([
        (f"user/{b.name}/main", "BReads", "IdentityPolicy"), ("", "", "ResourcePolicy")])

    # A Deny in A's domain policy decides, whatever allows.
    s.put_domain_policy(document(deny(action, "*", principal=b_account, sid="Embargo")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert out["decision"] == "ExplicitDeny"
    assert [(x.get("policyName"), x.get("sid"), x["side"], x["effect"]) for x in out["statements"]] == [
        hidden + ("Deny",)]


# ------------------------------------------------------------------------------ templates


TEMPLATES = {"RepositoryReadOnly": "repository", "RepositoryReadAndPublish": "repository",
             "RepositoryFullAccess": "repository", "DomainContributor": "domain", "DomainFullAccess": "domain"}


def template(authz, caller, name: str, arn: str, *principals: str) -> str:
    r = authz.api("GET", f"/policy-templates/{name}", caller,
                  params={"resourceArn": arn, "principal": list(principals)})
    body = ok(r)
    assert body["name"] == name
    json.loads(body["policyDocument"])
    return body["policyDocument"]


def test_template_listing_and_errors(authz, world):
    listed = ok(authz.api("GET", "/policy-templates"))["templates"]
    assert {t["name"]: t["appliesTo"] for t in listed} == TEMPLATES
    assert all(t["description"] for t in listed)
    fails(authz.api("GET", "/policy-templates/NoSuchTemplate", params={"resourceArn": world.repository_arn,
                                                                        "principal": "123456789012"}),
          404, "ResourceNotFoundException")
    # A repository template wants a repository ARN, a domain template a domain ARN, and principals.
    fails(authz.api("GET", "/policy-templates/RepositoryReadOnly",
                    params={"resourceArn": world.domain_arn, "principal": "123456789012"}), 400, "ValidationException")
    fails(authz.api("GET", "/policy-templates/DomainContributor",
                    params={"resourceArn": world.repository_arn, "principal": "123456789012"}), 400, "ValidationException")
    fails(authz.api("GET", "/policy-templates/RepositoryReadOnly", params={"resourceArn": world.repository_arn}),
          400, "ValidationException")
    fails(authz.api("GET", "/policy-templates/RepositoryReadOnly",
                    params={"resourceArn": world.repository_arn, "principal": "not a principal"}),
          400, "ValidationException")


def test_every_template_can_be_put(authz, site):
    s = site
    for name, applies in TEMPLATES.items():
        arn = s.repository_arn if applies == "repository" else s.domain_arn
        text = template(authz, authz.admin, name, arn, "123456789012", f"arn:aws:iam::{s.owner}:root")
        if applies == "repository":
            stored = s.put_repository_policy(text)
        else:
            stored = s.put_domain_policy(text)
        assert stored["document"] == text and stored["resourceArn"] == arn


@pytest.fixture
def partner(authz, site):
    """Account B's user, whose identity policy allows all of CodeArtifact: A's policies decide."""
    return authz.new_user(authz.new_account(unique("acct-b")), policy=document(allow("codeartifact:*", "*")))


def publish_as(authz, s, user, version: str):
    return authz.publish(s.domain, s.repository, s.package, version, "new.bin", b"new bytes " + version.encode(),
                         namespace=s.namespace, owner=s.owner, user=user)


def test_read_only_template_grants_reads_not_publishing(authz, site, partner):
    s, b = site, partner
    c = authz.client(b)
    s.put_domain_policy(template(authz, authz.admin, "DomainContributor", s.domain_arn, b.account))
    # Domain contributor alone: a token and the domain, but no reads in the repository.
    token = s.token(b)
    assert c.describe_domain(domain=s.domain, domainOwner=s.owner)
    assert s.download(token).status_code == 403
    assert code_of(client_error(c.list_packages, domain=s.domain, domainOwner=s.owner, repository=s.repository)) \
        == "AccessDeniedException"

    s.put_repository_policy(template(authz, authz.admin, "RepositoryReadOnly", s.repository_arn, b.account))
    r = s.download(token)
    assert r.status_code == 200 and r.content == s.data
    assert [p["package"] for p in c.list_packages(domain=s.domain, domainOwner=s.owner,
                                                  repository=s.repository)["packages"]] == [s.package]
    assert c.describe_package_version(domain=s.domain, domainOwner=s.owner, repository=s.repository, format="generic",
                                      namespace=s.namespace, package=s.package, packageVersion=s.version)
    e = client_error(publish_as, authz, s, b, "2.0.0")
    assert code_of(e) == "AccessDeniedException" and "PublishPackageVersion" in e.response["Error"]["Message"]
    e = client_error(c.delete_package_versions, domain=s.domain, domainOwner=s.owner, repository=s.repository,
                     format="generic", namespace=s.namespace, package=s.package, versions=[s.version])
    assert code_of(e) == "AccessDeniedException"

    # Read and publish: now B publishes into A's repository; still no deletes.
    s.put_repository_policy(template(authz, authz.admin, "RepositoryReadAndPublish", s.repository_arn, b.account))
    assert publish_as(authz, s, b, "2.0.0")["version"] == "2.0.0"
    e = client_error(c.delete_package_versions, domain=s.domain, domainOwner=s.owner, repository=s.repository,
                     format="generic", namespace=s.namespace, package=s.package, versions=["2.0.0"])
    assert code_of(e) == "AccessDeniedException"
    assert code_of(client_error(c.update_repository, domain=s.domain, domainOwner=s.owner, repository=s.repository,
                                description="B was here")) == "AccessDeniedException"

    # Full access: every action on the repository and its packages, nothing on the domain beyond the contributor's.
    s.put_repository_policy(template(authz, authz.admin, "RepositoryFullAccess", s.repository_arn, b.account))
    assert c.update_repository(domain=s.domain, domainOwner=s.owner, repository=s.repository,
                               description="B was here")["repository"]["description"] == "B was here"
    c.delete_package_versions(domain=s.domain, domainOwner=s.owner, repository=s.repository, format="generic",
                              namespace=s.namespace, package=s.package, versions=["2.0.0"])
    assert code_of(client_error(c.delete_domain, domain=s.domain, domainOwner=s.owner)) == "AccessDeniedException"


def test_domain_templates(authz, site, partner):
    s, b = site, partner
    c = authz.client(b)
    assert code_of(client_error(c.list_repositories_in_domain, domain=s.domain, domainOwner=s.owner)) \
        == "AccessDeniedException"
    s.put_domain_policy(template(authz, authz.admin, "DomainContributor", s.domain_arn, b.account))
    assert [r["name"] for r in c.list_repositories_in_domain(domain=s.domain, domainOwner=s.owner)["repositories"]] \
        == [s.repository]
    assert s.token(b)
    assert code_of(client_error(c.delete_domain, domain=s.domain, domainOwner=s.owner)) == "AccessDeniedException"
    assert code_of(client_error(c.put_domain_permissions_policy, domain=s.domain, domainOwner=s.owner,
                                policyDocument=document(allow(principal=b.account)))) == "AccessDeniedException"
    # Full access to the domain covers its repositories and packages.
    s.put_domain_policy(template(authz, authz.admin, "DomainFullAccess", s.domain_arn, b.account))
    r = s.download(s.token(b))
    assert r.status_code == 200 and r.content == s.data
    assert c.describe_repository(domain=s.domain, domainOwner=s.owner, repository=s.repository)
    # Only principals named: a third account gets nothing.
    third = authz.new_user(authz.new_account(), policy=document(allow("codeartifact:*", "*")))
    assert code_of(client_error(authz.client(third).describe_domain, domain=s.domain, domainOwner=s.owner)) \
        == "AccessDeniedException"


# ------------------------------------------------------------------------------ OpenAPI


def test_openapi_document_matches_the_route_table(authz):
    spec = json.loads(OPENAPI.read_text())
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    documented = {(m.upper(), path) for path, item in spec["paths"].items() for m in item if m in methods}
    routes = authz.stack.get("/_diag/routes").json()
    import re
    served = {(r["method"], re.sub(r"[:*]([A-Za-z_][A-Za-z0-9_]*)", r"{\1}", r["pattern"]))
              for r in routes if r["pattern"].startswith("/granary/v1/")}
    assert served, "no /granary/v1 routes listed"
    assert not served - documented, f"routes missing from {OPENAPI.name}: {sorted(served - documented)}"
    assert not documented - served, f"documented but not served: {sorted(documented - served)}"
    # Every documented path parameter is declared.
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for m, op in item.items():
            if m not in methods:
                continue
            params = op.get("parameters", []) + item.get("parameters", [])
            declared = {p.get("name") for p in params if isinstance(p, dict) and p.get("in") == "path"}
            refs = [p["$ref"] for p in params if isinstance(p, dict) and "$ref" in p]
            for ref in refs:
                node = spec
                for part in ref.lstrip("#/").split("/"):
                    node = node[part]
                if node.get("in") == "path":
                    declared.add(node["name"])
            assert names <= declared, (m, path, names - declared)
