"""Issue 4, "Done when" 2: with boto3 and two accounts, account B's user reads account A's
repository only once A's domain policy grants GetAuthorizationToken, A's repository policy grants
ReadFromRepository and B's identity policy allows both; without any one of the three the read is
refused (AccessDeniedException at token issuance, or 403 on the download); a token of B's user
then downloads the generic asset byte for byte; revoking it (per token or per user, through
Granary's JSON API or the admin CLI) makes the next request 401."""
import itertools
import json

import pytest

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import allow, client_error, code_of, document, error_code, status_of, unique  # noqa: E402
# The fixtures, imported so that this module's definitions take precedence over any conftest's.
from authz_support import authz, site  # noqa: F401,E402

READ_ACTIONS = ["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"]


def b_identity_policy(s) -> str:
    """B's side: both actions, on A's domain, repository and the repository's packages only."""
    return document(allow(READ_ACTIONS, [s.domain_arn, s.repository_arn, s.repository_arn.replace(
        ":repository/", ":package/") + "/*"], sid="ReadPartnerRepository"))


def domain_grant(b) -> str:
    return document(allow("codeartifact:GetAuthorizationToken", "*", principal=b.arn, sid="PartnerTokens"))


def repository_grant(b) -> str:
    return document(allow("codeartifact:ReadFromRepository", "*", principal=b.account, sid="PartnerReads"))


def token_refused(s, b) -> None:
    e = client_error(s.token, b)
    assert code_of(e) == "AccessDeniedException", e
    assert status_of(e) == 403
    assert "GetAuthorizationToken" in e.response["Error"]["Message"]


def download_refused(s, token: str) -> None:
    r = s.download(token)
    assert r.status_code == 403, (r.status_code, r.text[:300])
    assert "ReadFromRepository" in r.json()["message"]
    assert r.content != s.data


def download_ok(s, token: str) -> None:
    r = s.download(token)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    assert r.content == s.data


def test_cross_account_read_needs_all_three_grants(authz, site):
    s = site
    b = authz.new_user(authz.new_account(unique("acct-b")))
    grants = {
        "identity": (lambda: authz.put_identity_policy(b, "read-a", b_identity_policy(s)),
                     lambda: authz.delete_identity_policy(b, "read-a")),
        "domain": (lambda: s.put_domain_policy(domain_grant(b)), s.delete_domain_policy),
        "repository": (lambda: s.put_repository_policy(repository_grant(b)), s.delete_repository_policy),
    }

    # Every proper subset of the three grants (nothing at all included) is refused: no token
    # without both the domain grant and B's identity policy, no read without the repository grant.
    for subset in itertools.chain.from_iterable(itertools.combinations(grants, n) for n in range(3)):
        for name in subset:
            grants[name][0]()
        if {"identity", "domain"} <= set(subset):
            download_refused(s, s.token(b))
        else:
            token_refused(s, b)
        for name in subset:
            grants[name][1]()

    # All three: a token of B's user downloads the asset, byte for byte, over HTTP and HTTPS.
    for grant, _ in grants.values():
        grant()
    token = s.token(b)
    download_ok(s, token)
    r = s.download(token, tls=True)
    assert r.status_code == 200 and r.content == s.data

    # Remove each one in turn; the token issued above is re-checked on every request.
    grants["repository"][1]()
    download_refused(s, token)
    s.token(b)  # tokens are still issued: only the read is refused
    grants["repository"][0]()
    download_ok(s, token)

    grants["domain"][1]()
    token_refused(s, b)
    # Reading needs ReadFromRepository only, still granted by the repository policy and B's identity.
    download_ok(s, token)
    grants["domain"][0]()

    grants["identity"][1]()
    token_refused(s, b)
    download_refused(s, token)
    # B's identity policy allowing GetAuthorizationToken but not ReadFromRepository: a token, no read.
    authz.put_identity_policy(b, "read-a", document(allow("codeartifact:GetAuthorizationToken", s.domain_arn)))
    download_refused(s, s.token(b))
    grants["identity"][0]()
    download_ok(s, token)

    # The aws CLI: get-authorization-token with --domain-owner, then a byte-identical download.
    proc = authz.aws_run(b, "get-authorization-token", "--domain", s.domain, "--domain-owner", s.owner,
                         "--query", "authorizationToken", "--output", "text")
    assert proc.returncode == 0, proc.stderr
    download_ok(s, proc.stdout.strip())


def test_cross_account_grants_name_the_principal(authz, site):
    """Grants to another account or user do not let B in; a grant to B's account root does."""
    s = site
    b = authz.new_user(authz.new_account(), policy=None)
    other = authz.new_user(authz.new_account())
    authz.put_identity_policy(b, "read-a", b_identity_policy(s))
    s.put_domain_policy(domain_grant(other))
    s.put_repository_policy(repository_grant(other))
    token_refused(s, b)
    s.put_domain_policy(document(allow("codeartifact:GetAuthorizationToken", "*",
                                       principal=f"arn:aws:iam::{b.account}:root")))
    token = s.token(b)
    download_refused(s, token)
    s.put_repository_policy(document(allow("codeartifact:ReadFromRepository", "*", principal=b.arn)))
    download_ok(s, token)


@pytest.fixture
def partner(authz, site):
    """B's user, granted all three, with a token; B also has an admin user allowed granary:*."""
    b_account = authz.new_account(unique("acct-b"))
    b = authz.new_user(b_account, policy=b_identity_policy(site))
    b_admin = authz.new_user(b_account, policy=document(allow("granary:*", "*")))
    site.put_domain_policy(domain_grant(b))
    site.put_repository_policy(repository_grant(b))
    return b, b_admin


def unauthorized(r) -> None:
    assert r.status_code == 401, (r.status_code, r.text[:300])
    assert r.headers.get("WWW-Authenticate", "").startswith("Bearer")
    assert "revoked" in r.json()["message"]


def test_revoking_a_token_through_the_api(authz, site, partner):
    s = site
    b, b_admin = partner
    token, other = s.token(b), s.token(b)
    download_ok(s, token)

    # Account A cannot revoke B's token (only the holder's account may); the token keeps working.
    r = authz.api("POST", "/tokens/revoke", authz.admin, body={"token": token})
    assert r.status_code == 403 and error_code(r) == "AccessDeniedException", r.text
    download_ok(s, token)
    # B's user, without granary:RevokeToken, may not either.
    r = authz.api("POST", "/tokens/revoke", b, body={"token": token})
    assert r.status_code == 403 and error_code(r) == "AccessDeniedException", r.text
    download_ok(s, token)

    r = authz.api("POST", "/tokens/revoke", b_admin, body={"token": token})
    assert r.status_code == 200, r.text
    assert r.json()["userArn"] == b.arn
    unauthorized(s.download(token))
    unauthorized(s.download(token, tls=True))
    # Only that token: the user's other token still reads.
    download_ok(s, other)

    # Revoke-all for the user: every token issued so far is refused, later ones work.
    r = authz.api("POST", f"/users/{b.name}/tokens/revoke", b_admin)
    assert r.status_code == 200, r.text
    unauthorized(s.download(other))
    later = s.token(b)
    download_ok(s, later)


def test_revoking_tokens_with_the_admin_cli(authz, site, partner):
    s = site
    b, _ = partner
    token, other = s.token(b), s.token(b)
    download_ok(s, token)
    authz.cli("admin", "tokens", "revoke", "--token", token)
    unauthorized(s.download(token))
    download_ok(s, other)
    authz.cli("admin", "tokens", "revoke", "--account", b.account, "--user", b.name)
    unauthorized(s.download(other))
    download_ok(s, s.token(b))


def test_a_token_acts_as_its_user_on_every_request(authz, site, partner):
    """The token carries no permissions of its own: a Deny added after issue refuses it at once."""
    s = site
    b, _ = partner
    token = s.token(b)
    download_ok(s, token)
    authz.put_identity_policy(b, "no-reads", document({"Effect": "Deny", "Action": "codeartifact:ReadFromRepository",
                                                       "Resource": "*"}))
    download_refused(s, token)
    authz.delete_identity_policy(b, "no-reads")
    download_ok(s, token)
    # A's repository policy denying B beats every allow.
    s.put_repository_policy(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": b.account}, "Action": "codeartifact:ReadFromRepository",
         "Resource": "*"},
        {"Effect": "Deny", "Principal": {"AWS": b.arn}, "Action": "codeartifact:*", "Resource": "*"}]}))
    download_refused(s, token)
