"""The policy engine through the API: explicit Deny beats every Allow, conditions
(aws:SecureTransport over HTTP and HTTPS, aws:PrincipalOrgID), NotAction / NotResource,
Put…PermissionsPolicy validation and policyRevision, and the lock-out guard (a resource policy
is ignored when its own Put/Delete…PermissionsPolicy is evaluated)."""
import json

import pytest

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import allow, client_error, code_of, deny, document, make_site, status_of, unique  # noqa: E402
# The fixtures, imported so that this module's definitions take precedence over any conftest's.
from authz_support import authz, site, world  # noqa: F401,E402

SECURE = {"Bool": {"aws:SecureTransport": "true"}}


def denied(call, *args, **kw) -> str:
    e = client_error(call, *args, **kw)
    assert code_of(e) == "AccessDeniedException", e
    assert status_of(e) == 403
    return e.response["Error"]["Message"]


# ------------------------------------------------------------------------------ explicit deny


def test_explicit_deny_in_the_identity_policy_beats_allows(authz, site):
    s = site
    b = authz.new_user(authz.new_account(unique("acct-b")), policy=document(allow("codeartifact:*", "*")))
    s.put_domain_policy(document(allow("codeartifact:*", "*", principal=b.account)))
    s.put_repository_policy(document(allow("codeartifact:*", "*", principal=b.account)))
    c = authz.client(b)
    assert c.describe_domain(domain=s.domain, domainOwner=s.owner)["domain"]["name"] == s.domain
    token = s.token(b)
    assert s.download(token).status_code == 200

    authz.put_identity_policy(b, "guard", document(deny(["codeartifact:DescribeDomain", "codeartifact:ReadFrom*"],
                                                        "*", sid="NoReads")))
    message = denied(c.describe_domain, domain=s.domain, domainOwner=s.owner)
    assert "explicit deny" in message
    assert s.download(token).status_code == 403
    # What the Deny does not name stays allowed.
    assert c.describe_repository(domain=s.domain, domainOwner=s.owner, repository=s.repository)
    assert s.token(b)
    authz.delete_identity_policy(b, "guard")
    assert s.download(token).status_code == 200


def test_explicit_deny_in_a_resource_policy_beats_the_owners_identity_allow(authz, site):
    s = site
    member = authz.new_user(s.owner, policy=document(allow("codeartifact:*", "*")))
    c = authz.client(member)
    assert c.list_packages(domain=s.domain, repository=s.repository)["packages"]
    s.put_repository_policy(document(deny("codeartifact:ListPackages", "*", principal=member.arn)))
    denied(c.list_packages, domain=s.domain, repository=s.repository)
    # The owner's admin (not named by the Deny) is unaffected, as is the member's other actions.
    assert s.client.list_packages(domain=s.domain, repository=s.repository)["packages"]
    assert c.describe_repository(domain=s.domain, repository=s.repository)
    # A domain policy Deny reaches the repositories of the domain too.
    s.put_domain_policy(document(deny("codeartifact:DescribeRepository", "*", principal=member.account)))
    denied(c.describe_repository, domain=s.domain, repository=s.repository)
    denied(s.client.describe_repository, domain=s.domain, repository=s.repository)  # same account: admin too


# ------------------------------------------------------------------------------ conditions


def test_secure_transport_condition(authz, world):
    user = authz.new_user(world.owner, policy=document(
        allow(["codeartifact:DescribeDomain", "codeartifact:GetAuthorizationToken",
               "codeartifact:ReadFromRepository"], "*", condition=SECURE)))
    denied(authz.client(user, tls=False).describe_domain, domain=world.domain)
    assert authz.client(user, tls=True).describe_domain(domain=world.domain)["domain"]["name"] == world.domain
    # Tokens too: issued over HTTPS only, and the download is re-evaluated per transport.
    denied(authz.client(user, tls=False).get_authorization_token, domain=world.domain)
    token = authz.token(user, world.domain, world.owner, tls=True)["authorizationToken"]
    assert world.download(token, tls=False).status_code == 403
    r = world.download(token, tls=True)
    assert r.status_code == 200 and r.content == world.data

    # The opposite condition: only over HTTP.
    authz.put_identity_policy(user, "main", document(allow("codeartifact:DescribeDomain", "*",
                                                           condition={"Bool": {"aws:SecureTransport": "false"}})))
    assert authz.client(user, tls=False).describe_domain(domain=world.domain)
    denied(authz.client(user, tls=True).describe_domain, domain=world.domain)


def test_principal_org_id_condition_in_a_resource_policy(authz, site):
    s = site
    org = "o-" + unique("x").split("-")[1]
    inside = authz.new_user(authz.new_account(organization=org), policy=document(allow("codeartifact:*", "*")))
    outside = authz.new_user(authz.new_account(organization="o-someoneelse1"), policy=document(allow("codeartifact:*", "*")))
    s.put_repository_policy(document(allow("codeartifact:DescribeRepository", "*", principal="*",
                                           condition={"StringEquals": {"aws:PrincipalOrgID": org}})))
    assert authz.client(inside).describe_repository(domain=s.domain, domainOwner=s.owner, repository=s.repository)
    denied(authz.client(outside).describe_repository, domain=s.domain, domainOwner=s.owner, repository=s.repository)


def test_username_policy_variable(authz, world):
    """`${aws:username}` in a resource ARN of an identity policy."""
    name = unique("u")
    policy = document(allow("codeartifact:DescribeDomain",
                            f"arn:aws:codeartifact:{authz.region}:{world.owner}:domain/${{aws:username}}*"))
    user = authz.new_user(world.owner, name=name, policy=policy)
    mine = name + "-dom"
    authz.client().create_domain(domain=mine)
    assert authz.client(user).describe_domain(domain=mine)["domain"]["name"] == mine
    denied(authz.client(user).describe_domain, domain=world.domain)


# ------------------------------------------------------------------------------ NotAction / NotResource


def test_not_action(authz, world):
    user = authz.new_user(world.owner, policy=document(
        {"Effect": "Allow", "NotAction": ["codeartifact:Create*", "codeartifact:Delete*"], "Resource": "*"}))
    c = authz.client(user)
    assert c.describe_domain(domain=world.domain)
    assert c.list_packages(domain=world.domain, repository=world.repository)["packages"]
    denied(c.create_domain, domain=unique("d"))
    denied(c.create_repository, domain=world.domain, repository=unique("r"))
    denied(c.delete_package, domain=world.domain, repository=world.repository, format="generic",
           namespace=world.namespace, package=world.package)
    # NotAction in a Deny: everything but Describe* is denied, despite the Allow above.
    authz.put_identity_policy(user, "only-describe", document(
        {"Effect": "Deny", "NotAction": "codeartifact:Describe*", "Resource": "*"}))
    assert c.describe_domain(domain=world.domain)
    denied(c.list_packages, domain=world.domain, repository=world.repository)


def test_not_resource(authz, world):
    other = make_site(authz)
    user = authz.new_user(world.owner, policy=document(
        {"Effect": "Allow", "Action": "codeartifact:DescribeDomain", "NotResource": other.domain_arn}))
    c = authz.client(user)
    assert c.describe_domain(domain=world.domain)
    denied(c.describe_domain, domain=other.domain)


# ------------------------------------------------------------------------------ Put…PermissionsPolicy

INVALID_DOCUMENTS = {
    "not JSON": "{not json",
    "a JSON array": "[]",
    "no Statement": json.dumps({"Version": "2012-10-17"}),
    "empty Statement": json.dumps({"Version": "2012-10-17", "Statement": []}),
    "bad Effect": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Maybe", "Principal": "*", "Action": "codeartifact:*", "Resource": "*"}]}),
    "no Principal": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*"}]}),
    "Action and NotAction": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "NotAction": "x:y", "Resource": "*"}]}),
    "unknown Version": json.dumps({"Version": "2020-01-01", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "Resource": "*"}]}),
    "unknown condition operator": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "Resource": "*",
         "Condition": {"Bogus": {"aws:username": "x"}}}]}),
    "non-numeric Numeric value": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "Resource": "*",
         "Condition": {"NumericLessThan": {"aws:EpochTime": "soon"}}}]}),
    "bad IpAddress value": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "999.1.1.1/99"}}}]}),
    "bad Bool value": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "codeartifact:*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "maybe"}}}]}),
    "bad principal": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "not-an-account"}, "Action": "codeartifact:*", "Resource": "*"}]}),
}


def test_put_permissions_policy_rejects_invalid_documents(authz, site):
    s = site
    valid = document(allow("codeartifact:DescribeDomain", "*", principal=s.owner, sid="Before"))
    before_domain = s.put_domain_policy(valid)
    before_repo = s.put_repository_policy(valid)
    failures = []
    for name, text in INVALID_DOCUMENTS.items():
        for kind, put in (("domain", lambda t: s.put_domain_policy(t)),
                          ("repository", lambda t: s.put_repository_policy(t))):
            try:
                put(text)
                failures.append(f"{kind} policy: {name} was accepted")
            except Exception as e:  # botocore ClientError
                code = getattr(e, "response", {}).get("Error", {}).get("Code")
                if code != "ValidationException":
                    failures.append(f"{kind} policy: {name} gave {code or e!r}")
    # Whatever happened, the domain still works and the stored policies are the valid ones.
    got = s.client.get_domain_permissions_policy(domain=s.domain)["policy"]
    assert (got["revision"], json.loads(got["document"])) == (before_domain["revision"], json.loads(valid))
    got = s.client.get_repository_permissions_policy(domain=s.domain, repository=s.repository)["policy"]
    assert (got["revision"], json.loads(got["document"])) == (before_repo["revision"], json.loads(valid))
    assert s.client.describe_domain(domain=s.domain)
    assert not failures, "\n".join(failures)


def test_policy_revision(authz, site):
    s = site
    c = s.client
    first = s.put_domain_policy(document(allow("codeartifact:DescribeDomain", "*", principal=s.owner)))
    e = client_error(c.put_domain_permissions_policy, domain=s.domain, policyRevision="0" * 40,
                     policyDocument=document(allow("codeartifact:*", "*", principal="*")))
    assert code_of(e) == "ConflictException" and status_of(e) == 409
    second = c.put_domain_permissions_policy(domain=s.domain, policyRevision=first["revision"],
                                             policyDocument=document(allow("codeartifact:*", "*", principal=s.owner)))
    assert second["policy"]["revision"] != first["revision"]
    # The old revision is stale now, for Put and Delete.
    e = client_error(c.put_domain_permissions_policy, domain=s.domain, policyRevision=first["revision"],
                     policyDocument=document(allow("codeartifact:*", "*", principal="*")))
    assert code_of(e) == "ConflictException"
    e = client_error(c.delete_domain_permissions_policy, domain=s.domain, policyRevision=first["revision"])
    assert code_of(e) == "ConflictException"
    assert c.get_domain_permissions_policy(domain=s.domain)["policy"]["revision"] == second["policy"]["revision"]
    c.delete_domain_permissions_policy(domain=s.domain, policyRevision=second["policy"]["revision"])

    # The same for the repository policy.
    r1 = s.put_repository_policy(document(allow("codeartifact:*", "*", principal=s.owner)))
    e = client_error(c.put_repository_permissions_policy, domain=s.domain, repository=s.repository,
                     policyRevision=r1["revision"][::-1], policyDocument=document(allow(principal="*")))
    assert code_of(e) == "ConflictException"
    e = client_error(c.delete_repository_permissions_policy, domain=s.domain, repository=s.repository,
                     policyRevision="stale")
    assert code_of(e) == "ConflictException"
    r2 = c.put_repository_permissions_policy(domain=s.domain, repository=s.repository, policyRevision=r1["revision"],
                                             policyDocument=document(allow(principal="*")))["policy"]
    c.delete_repository_permissions_policy(domain=s.domain, repository=s.repository, policyRevision=r2["revision"])


def test_a_resource_policy_cannot_lock_out_its_owner(authz, site):
    s = site
    c = s.client
    lock = document(deny("codeartifact:*", "*", principal="*", sid="LockEveryoneOut"))

    s.put_repository_policy(lock)
    denied(c.describe_repository, domain=s.domain, repository=s.repository)
    denied(c.get_repository_permissions_policy, domain=s.domain, repository=s.repository)
    # Put and Delete of that very policy ignore it.
    s.put_repository_policy(lock)
    s.delete_repository_policy()
    assert c.describe_repository(domain=s.domain, repository=s.repository)

    # The domain policy, likewise; while it is there it denies the repository's actions too.
    s.put_domain_policy(lock)
    denied(c.describe_domain, domain=s.domain)
    denied(c.describe_repository, domain=s.domain, repository=s.repository)
    # ...including Put of the repository's policy: only the domain policy's own updates are exempt.
    denied(c.put_repository_permissions_policy, domain=s.domain, repository=s.repository,
           policyDocument=document(allow(principal=s.owner)))
    s.put_domain_policy(lock)
    s.delete_domain_policy()
    assert c.describe_domain(domain=s.domain)
    # The owner's own identity Deny is not a resource policy: it still applies to policy updates.
    member = authz.new_user(s.owner, policy=document(allow("codeartifact:*", "*")))
    authz.put_identity_policy(member, "no-policy-edits", document(deny("codeartifact:Put*PermissionsPolicy", "*")))
    denied(authz.client(member).put_repository_permissions_policy, domain=s.domain, repository=s.repository,
           policyDocument=document(allow(principal=s.owner)))


# ------------------------------------------------------------------------------ more condition keys


def test_source_ip_condition_uses_the_connection_not_headers(authz, world):
    user = authz.new_user(world.owner, policy=document(allow(
        "codeartifact:DescribeDomain", "*", condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}})))
    assert authz.client(user).describe_domain(domain=world.domain)
    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:DescribeDomain", "*", condition={"IpAddress": {"aws:SourceIp": "10.1.2.3/32"}})))
    denied(authz.client(user).describe_domain, domain=world.domain)
    # Headers a client sets do not change aws:SourceIp.
    for header, value in (("X-Forwarded-For", "10.1.2.3"), ("X-Real-IP", "10.1.2.3"), ("Forwarded", "for=10.1.2.3")):
        r = authz.signed("GET", "/v1/domain", user, params={"domain": world.domain}, headers={header: value})
        assert r.status_code == 403, (header, r.status_code, r.text[:200])
    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:DescribeDomain", "*", condition={"NotIpAddress": {"aws:SourceIp": ["127.0.0.0/8", "::1/128"]}})))
    denied(authz.client(user).describe_domain, domain=world.domain)


def test_current_time_condition(authz, world):
    user = authz.new_user(world.owner, policy=document(allow(
        "codeartifact:DescribeDomain", "*", condition={"DateGreaterThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"}})))
    denied(authz.client(user).describe_domain, domain=world.domain)
    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:DescribeDomain", "*", condition={"DateLessThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"}})))
    assert authz.client(user).describe_domain(domain=world.domain)


def test_resource_tag_condition(authz):
    c = authz.client()
    blue, plain = unique("azd"), unique("azd")
    c.create_domain(domain=blue, tags=[{"key": "team", "value": "blue"}])
    c.create_domain(domain=plain)
    user = authz.new_user(authz.admin.account, policy=document(allow(
        "codeartifact:DescribeDomain", "*", condition={"StringEquals": {"aws:ResourceTag/team": "blue"}})))
    assert authz.client(user).describe_domain(domain=blue)
    denied(authz.client(user).describe_domain, domain=plain)
    c.tag_resource(resourceArn=authz.domain_arn(authz.admin.account, plain), tags=[{"key": "team", "value": "blue"}])
    assert authz.client(user).describe_domain(domain=plain)


def test_request_tag_and_tag_keys_conditions(authz):
    """aws:TagKeys and aws:RequestTag/* describe the tags a request sets (CreateDomain,
    TagResource): a Deny on a protected tag key must stop TagResource; an Allow that requires a
    tag must let CreateDomain with that tag through."""
    c = authz.client()
    target = unique("azd")
    c.create_domain(domain=target)
    arn = authz.domain_arn(authz.admin.account, target)
    user = authz.new_user(authz.admin.account, policy=document(
        allow("codeartifact:*", "*"),
        deny("codeartifact:TagResource", "*", sid="ProtectOwnerTag",
             condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}})))
    authz.client(user).tag_resource(resourceArn=arn, tags=[{"key": "other", "value": "x"}])
    problems = []
    try:
        authz.client(user).tag_resource(resourceArn=arn, tags=[{"key": "owner", "value": "mallory"}])
        problems.append("TagResource setting the protected key `owner` was allowed (aws:TagKeys not supplied?)")
    except Exception as e:
        assert getattr(e, "response", {}).get("Error", {}).get("Code") == "AccessDeniedException", e

    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:CreateDomain", "*", condition={"StringEquals": {"aws:RequestTag/team": "blue"}})))
    denied(authz.client(user).create_domain, domain=unique("azd"))
    try:
        authz.client(user).create_domain(domain=unique("azd"), tags=[{"key": "team", "value": "blue"}])
    except Exception as e:
        problems.append(f"CreateDomain with tag team=blue was refused (aws:RequestTag/team not supplied?): {e}")
    assert not problems, "\n".join(problems)


def test_actions_match_case_insensitively_with_wildcards_resources_do_not(authz, world):
    user = authz.new_user(world.owner, policy=document(allow("CODEARTIFACT:describedomain", "*")))
    assert authz.client(user).describe_domain(domain=world.domain)
    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:Describe?omain", f"arn:aws:codeartifact:*:{world.owner}:domain/{world.domain[:4]}*")))
    assert authz.client(user).describe_domain(domain=world.domain)
    denied(authz.client(user).describe_repository, domain=world.domain, repository=world.repository)
    authz.put_identity_policy(user, "main", document(allow(
        "codeartifact:DescribeDomain", f"arn:aws:codeartifact:*:{world.owner}:domain/{world.domain.upper()}")))
    denied(authz.client(user).describe_domain, domain=world.domain)


def test_the_bootstrap_admin_is_governed_by_policies_too(authz, site):
    """No admin shortcut: the bootstrap admin's power is its AdministratorAccess policy, and a Deny
    (here scoped to one fresh domain, so the rest of the session is unaffected) binds it too."""
    admin = authz.admin
    policies = {p["policyName"]: json.loads(p["document"]) for p in authz.identity_policies(admin)}
    assert "AdministratorAccess" in policies
    assert any(st.get("Effect") == "Allow" and st.get("Action") in ("*", ["*"])
               for st in policies["AdministratorAccess"]["Statement"])
    name = unique("fence")
    authz.put_identity_policy(admin, name, document(deny("codeartifact:*", [site.domain_arn, site.repository_arn])))
    try:
        denied(site.client.describe_domain, domain=site.domain)
        denied(site.client.describe_repository, domain=site.domain, repository=site.repository)
        denied(site.client.get_authorization_token, domain=site.domain)
    finally:
        authz.delete_identity_policy(admin, name)
    assert site.client.describe_domain(domain=site.domain)
