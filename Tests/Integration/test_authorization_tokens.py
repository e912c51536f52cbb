"""Authorization tokens on the generic download route: every way package managers present one
(Bearer, Basic with any user name, the raw Authorization value), the 401s (missing, garbage,
tampered, expired, wrong domain — JSON with a Bearer challenge), the binding to principal and
domain, and GetAuthorizationToken's durationSeconds (0 or 900–43200)."""
import base64
import datetime
import hashlib
import time

import pytest
import requests

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import (allow, b64url, b64url_decode, client_error, code_of, document, error_code, make_site,  # noqa: E402
                           status_of, unique)
# The fixtures, imported so that this module's definitions take precedence over any conftest's.
from authz_support import authz, world  # noqa: F401,E402


def basic(user: str, token: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


@pytest.fixture(scope="module")
def reader(authz, world):
    """A user of account A allowed to get tokens and read (same account: its identity policy suffices)."""
    return authz.new_user(world.owner, policy=document(allow(
        ["codeartifact:GetAuthorizationToken", "codeartifact:ReadFromRepository"], "*")))


@pytest.fixture(scope="module")
def token(world, reader):
    return world.token(reader)


def assert_401(r, needle: str) -> None:
    assert r.status_code == 401, (r.status_code, r.text[:300])
    assert r.headers.get("WWW-Authenticate") == 'Bearer realm="granary"'
    assert r.headers.get("Content-Type", "").startswith("application/json")
    body = r.json()
    assert needle in body["message"].lower(), body
    assert r.content != b"" and b"granary\xff" not in r.content


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_every_presentation_of_a_token_downloads(world, token, tls):
    presentations = {
        "Bearer": f"Bearer {token}",
        "bearer, lower case": f"bearer {token}",
        "Basic aws:T": basic("aws", token),
        "Basic token:T": basic("token", token),
        "Basic with an empty user": basic("", token),
        "raw (cargo)": token,
    }
    for name, header in presentations.items():
        r = world.download(authorization=header, tls=tls)
        assert r.status_code == 200, (name, r.status_code, r.text[:300])
        assert r.content == world.data, name
        assert r.headers["ETag"].strip('"') == hashlib.sha256(world.data).hexdigest()


def tampered_claims(token: str) -> bytes:
    """The claims with the expiry's last digit changed (a later or earlier expiry), MAC kept."""
    claims = b64url_decode(token.split(".")[0])
    last = claims[-1:]
    return claims[:-1] + (b"8" if last == b"9" else b"9")


def respell_last_char(text: str) -> str:
    """The same bytes spelled differently: a 32-byte MAC is 43 base64url characters, whose last one
    carries 2 spare low bits; flipping one leaves the decoded bytes as they were."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    assert len(text) == 43
    respelled = text[:-1] + alphabet[alphabet.index(text[-1]) ^ 1]
    assert base64.urlsafe_b64decode(respelled + "=") == base64.urlsafe_b64decode(text + "=")
    return respelled


def test_missing_and_invalid_tokens_are_401(authz, world, token):
    assert_401(world.download(), "required")
    cases = {
        "garbage bearer": "Bearer garbage",
        "garbage raw": "not-a-token",
        "garbage basic": basic("aws", "garbage"),
        "two parts, not ours": "Bearer eyJhbGciOiJIUzI1NiJ9.e30",
        "tampered MAC": "Bearer " + token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
        # Claims changed (a later expiry), MAC kept.
        "tampered claims": "Bearer " + b64url(tampered_claims(token)) + "." + token.split(".")[1],
        # Same MAC bytes, another spelling (the spare bits of base64's last character).
        "non-canonical MAC": "Bearer " + token.split(".")[0] + "." + respell_last_char(token.split(".")[1]),
        "Basic without a token": basic("aws", ""),
        "a SigV4 header": "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/codeartifact/aws4_request, "
                          "SignedHeaders=host, Signature=00",
    }
    for name, header in cases.items():
        r = world.download(authorization=header)
        assert r.status_code == 401, (name, r.status_code, r.text[:300])
        assert r.headers.get("WWW-Authenticate") == 'Bearer realm="granary"', name
        assert r.content != world.data


def test_a_token_is_bound_to_its_domain(authz, world, reader):
    other = make_site(authz)
    other_token = other.token(reader)
    # Works where it was issued...
    r = other.download(other_token)
    assert r.status_code == 200 and r.content == other.data
    # ...and nowhere else: same owner, same user, another domain.
    assert_401(world.download(other_token), "another domain")
    # The claims name the user and the domain (they are what the server checks).
    claims = authz.token_claims(other_token)
    assert claims[0] == "gt1" and len(claims) == 7
    users = {u["userName"]: u["userId"] for u in authz.cli("admin", "users", "list", "--account", world.owner)}
    assert claims[2] == users[reader.name]
    assert (claims[3], claims[4]) == (other.owner, other.domain)
    # A token re-signed for another domain with the server's key is accepted (the check is the
    # claims, not the URL): proof that the 401 above is the domain check.
    moved = authz.forge_token(claims[:3] + [world.owner, world.domain] + claims[5:])
    assert world.download(moved).status_code == 200


def test_an_expired_token_is_401(authz, world, token):
    claims = authz.token_claims(token)
    now = int(time.time() * 1000)
    # Control: a token forged with the server's key and a future expiry is accepted...
    valid = authz.forge_token(claims[:5] + [str(now - 3_600_000), str(now + 600_000)])
    r = world.download(valid)
    assert r.status_code == 200 and r.content == world.data
    # ...the same claims expired a second ago (or just now) are not.
    for expires in (now - 1000, now - 3_600_000):
        expired = authz.forge_token(claims[:5] + [str(now - 7_200_000), str(expires)])
        assert_401(world.download(expired), "expired")
        assert_401(world.download(authorization=basic("aws", expired), tls=True), "expired")


def test_duration_seconds(authz, world, reader):
    c = authz.client(reader)
    for bad in (899, 43201, 1, 100000):
        e = client_error(c.get_authorization_token, domain=world.domain, domainOwner=world.owner, durationSeconds=bad)
        assert code_of(e) == "ValidationException", (bad, e)
        assert status_of(e) == 400
    expectations = {900: 900, 0: 43200, 43200: 43200, None: 43200, 3600: 3600}
    for duration, seconds in expectations.items():
        before = time.time()
        out = authz.token(reader, world.domain, world.owner, duration=duration)
        after = time.time()
        expiration = out["expiration"]
        assert isinstance(expiration, datetime.datetime), out
        assert before + seconds - 2 <= expiration.timestamp() <= after + seconds + 2, (duration, expiration)
        claims = authz.token_claims(out["authorizationToken"])
        assert int(claims[6]) - int(claims[5]) == seconds * 1000, (duration, claims)
        r = world.download(out["authorizationToken"])
        assert r.status_code == 200, (duration, r.text[:200])

    # The aws CLI: the same bounds.
    for bad in ("899", "43201"):
        proc = authz.aws_run(reader, "get-authorization-token", "--domain", world.domain, "--domain-owner",
                             world.owner, "--duration-seconds", bad)
        assert proc.returncode != 0 and "ValidationException" in proc.stderr, (bad, proc.stderr)
    proc = authz.aws_run(reader, "get-authorization-token", "--domain", world.domain, "--domain-owner",
                         world.owner, "--duration-seconds", "900", "--query", "authorizationToken", "--output", "text")
    assert proc.returncode == 0, proc.stderr
    assert world.download(proc.stdout.strip()).status_code == 200


def test_a_token_is_not_a_credential_for_the_api(authz, world, token):
    """The token authenticates package routes only: presented to the control plane it is no signature."""
    for header in (f"Bearer {token}", basic("aws", token), token):
        r = requests.get(authz.endpoint() + "/v1/domain", params={"domain": world.domain, "domain-owner": world.owner},
                         headers={"Authorization": header}, timeout=10)
        assert r.status_code in (400, 403), (header[:10], r.status_code, r.text[:200])
        assert error_code(r) in ("MissingAuthenticationTokenException", "IncompleteSignatureException",
                                 "InvalidSignatureException", "UnrecognizedClientException"), r.text[:200]


def test_tokens_for_other_accounts_domains_need_grants(authz, world):
    outsider = authz.new_user(authz.new_account(unique("acct-out")), policy=document(allow("codeartifact:*", "*")))
    e = client_error(authz.client(outsider).get_authorization_token, domain=world.domain, domainOwner=world.owner)
    assert code_of(e) == "AccessDeniedException"
    # And in the caller's own account, a domain that does not exist: authorized, then not found.
    e = client_error(authz.client(outsider).get_authorization_token, domain=unique("nodomain"))
    assert code_of(e) == "ResourceNotFoundException"


def test_a_token_is_bound_to_the_domain_owner_too(authz, world, token):
    """The same domain name in another account's endpoint is another domain."""
    other_owner = authz.new_account()
    path = authz.download_path(world.domain, other_owner, world.repository, world.package, world.version, world.asset)
    r = authz.download(path, token)
    assert r.status_code == 401, (r.status_code, r.text[:200])
    assert "another domain" in r.json()["message"]


def test_tokens_are_not_stored(authz, world, reader):
    """Neither the token nor its MAC is in the database, whether issued or revoked."""
    issued = world.token(reader)
    revoked = world.token(reader)
    authz.cli("admin", "tokens", "revoke", "--token", revoked)
    assert world.download(revoked).status_code == 401
    assert world.download(issued).status_code == 200
    dump = authz.database_dump()
    assert world.domain in dump  # the dump is real
    for text in (issued, revoked):
        payload, mac = text.split(".")
        assert payload not in dump and mac not in dump
        assert base64.urlsafe_b64decode(mac + "=" * (-len(mac) % 4)).hex().upper() not in dump.upper()
