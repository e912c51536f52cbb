"""SigV4 strictness (issue 11, item 6): what a signature covers is what the server reads.

- A query parameter given twice is refused (400 ValidationException) before anything else: the
  canonical query sorts values, so `?domain=a&domain=b` and its reverse share one signature.
- A raw `+` in a signed query is a space, in the signature as in what the handler reads.
- x-amz-content-sha256 must be the payload's SHA-256 when sent: UNSIGNED-PAYLOAD (botocore never
  sends it to CodeArtifact) and other values are 403 InvalidSignatureException.
- A malformed access key id (lower case, too long, odd characters), in the header or the
  presigned form, is 403 UnrecognizedClientException, never 500, never the upper-case key.
- `explain` shows a deciding statement only to a caller who may read its policy.
"""
import hashlib
import json
import urllib.parse

import botocore.exceptions
import pytest
import requests

pytest.register_assert_rewrite("authz_support")  # before its import: its asserts explain themselves
from authz_support import allow, deny, document, error_code, unique  # noqa: E402
from authz_support import User, authz, site, world  # noqa: F401,E402

GRANARY_ALL = document(allow("granary:*", "*"))


def raw_query(pairs) -> str:
    """PAIRS encoded as botocore encodes a query (RFC 3986, %20 for a space, %2B for a plus)."""
    return "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}" for k, v in pairs)


def replacing(old: str, new: str):
    """An after_signing hook: the sent URL has NEW where the signed one had OLD."""
    def hook(prepared):
        assert old in prepared.url, (old, prepared.url)
        prepared.url = prepared.url.replace(old, new)
    return hook


def status_and_code(r: requests.Response) -> tuple:
    return r.status_code, error_code(r)


# ------------------------------------------------------------------------ duplicate query keys


def test_a_repeated_query_parameter_is_refused(authz, world, site):
    # Signed as sent: still refused, naming the parameter.
    r = authz.signed("GET", "/v1/domain", params={"domain": [world.domain, site.domain]})
    assert status_and_code(r) == (400, "ValidationException"), r.text
    assert "domain" in r.json()["message"]
    # A name spelled two ways is one name.
    r = authz.signed("GET", "/v1/domain?" + raw_query([("domain", world.domain)]) + f"&%64omain={world.domain}")
    assert status_and_code(r) == (400, "ValidationException"), r.text
    # Refused before the signature is even looked at (an unsigned one too).
    r = authz.signed("GET", "/v1/domain", params={"domain": [world.domain, world.domain]}, sign=False)
    assert status_and_code(r) == (400, "ValidationException"), r.text
    # Granary's own API, and the streamed publish route, likewise.
    r = authz.api("GET", "/users", params={"x": ["1", "2"]})
    assert status_and_code(r) == (400, "ValidationException"), r.text
    body = b"dup"
    query = {"domain": world.domain, "repository": [world.repository, site.repository], "format": "generic",
             "namespace": "ns", "package": "p", "version": "1", "asset": "a"}
    r = authz.signed("POST", "/v1/package/version/publish", params=query, body=body,
                     headers={"x-amz-content-sha256": hashlib.sha256(body).hexdigest()})
    assert status_and_code(r) == (400, "ValidationException"), r.text


def test_swapping_the_values_of_a_repeated_parameter_does_not_reuse_a_signature(cp, world, site):
    """Signed for ?domain=A&domain=B, sent as ?domain=B&domain=A: the same canonical query. Before
    the fix the server took the first value, so the swap described another domain."""
    signed = f"domain={world.domain}&domain={site.domain}"
    sent = f"domain={site.domain}&domain={world.domain}"
    r = cp.signed("GET", "/v1/domain?" + signed, after_signing=replacing(signed, sent))
    assert status_and_code(r) == (400, "ValidationException"), r.text


def test_a_list_parameter_may_repeat(authz, world):
    """The policy templates' `principal` is a list (explode: true in the OpenAPI document)."""
    a, b = f"arn:aws:iam::{world.owner}:user/a", f"arn:aws:iam::{world.owner}:user/b"
    r = authz.api("GET", "/policy-templates/RepositoryReadOnly",
                  params={"resourceArn": world.repository_arn, "principal": [a, b]})
    assert r.status_code == 200, r.text
    text = r.json()["policyDocument"]
    assert a in text and b in text
    # Anything else repeated there is still refused.
    r = authz.api("GET", "/policy-templates/RepositoryReadOnly",
                  params={"resourceArn": [world.repository_arn, world.domain_arn], "principal": [a]})
    assert status_and_code(r) == (400, "ValidationException"), r.text


# ------------------------------------------------------------------------------ raw "+"


def publish_query(site, asset: str) -> str:
    return raw_query([("domain", site.domain), ("repository", site.repository), ("format", "generic"),
                      ("namespace", "ns"), ("package", "plus"), ("version", unique("v")), ("asset", asset)])


def test_a_raw_plus_is_a_space_in_the_signature_and_in_what_is_read(cp, site):
    creds = cp.admin
    body = b"plus or space"
    sha = hashlib.sha256(body).hexdigest()
    # Signed for "a b.txt" (%20), sent with a raw "+": accepted, and the asset is "a b.txt".
    query = publish_query(site, "a b.txt")
    r = cp.signed("POST", "/v1/package/version/publish?" + query, body=body, creds=creds, payload_hash=sha,
                  after_signing=replacing("a%20b.txt", "a+b.txt"))
    assert r.status_code == 200, r.text
    assert r.json()["asset"]["name"] == "a b.txt"
    # Signed for "a+b.txt" (%2B), sent with a raw "+": the server reads a space, which is not what
    # was signed, so the signature fails (it used to pass and publish "a b.txt").
    query = publish_query(site, "a+b.txt")
    r = cp.signed("POST", "/v1/package/version/publish?" + query, body=body, creds=creds, payload_hash=sha,
                  after_signing=replacing("a%2Bb.txt", "a+b.txt"))
    assert status_and_code(r) == (403, "InvalidSignatureException"), r.text
    # Sent as signed, %2B is a plus.
    r = cp.signed("POST", "/v1/package/version/publish?" + query, body=body, creds=creds, payload_hash=sha)
    assert r.status_code == 200, r.text
    assert r.json()["asset"]["name"] == "a+b.txt"


def send_raw(authz, method: str, path_and_query: str) -> tuple:
    """Signed with botocore's signer, sent byte for byte with http.client (requests would
    re-quote a malformed escape such as %zz). Returns (status, x-amzn-ErrorType)."""
    import http.client
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials as BotoCredentials
    req = AWSRequest(method=method, url=authz.endpoint() + path_and_query, data=b"")
    SigV4Auth(BotoCredentials(authz.admin.access_key, authz.admin.secret_key), "codeartifact", authz.region).add_auth(req)
    host = urllib.parse.urlsplit(authz.endpoint()).netloc
    conn = http.client.HTTPConnection(host, timeout=10)
    try:
        conn.request(method, path_and_query, headers=dict(req.headers.items()))
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("x-amzn-ErrorType", "").split(":")[0]
    finally:
        conn.close()


def test_a_malformed_query_is_refused(authz, world):
    for bad in ("%zz", "%FF", "%C3", "%2"):
        got = send_raw(authz, "GET", f"/v1/domain?domain={world.domain}&x={bad}")
        assert got == (400, "ValidationException"), (bad, got)
    assert send_raw(authz, "GET", f"/v1/domain?domain={world.domain}&x=%C3%A9")[0] == 200


# ------------------------------------------------------------------------------ UNSIGNED-PAYLOAD


@pytest.mark.parametrize("declared", ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                                      "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "whatever"])
def test_a_payload_outside_the_signature_is_refused(cp, authz, world, declared):
    """Before: any such value was signed as-is and the body, unchecked, could be replaced."""
    name = unique("unsigned")
    good = json.dumps({"description": "signed"}).encode()
    evil = json.dumps({"description": "evil!!"}).encode()

    def swap(prepared):
        prepared.body = evil

    r = cp.signed("POST", "/v1/repository", params={"domain": world.domain, "repository": name}, body=good,
                  headers={"Content-Type": "application/json"}, payload_hash=declared, after_signing=swap)
    assert status_and_code(r) == (403, "InvalidSignatureException"), r.text
    assert "x-amz-content-sha256" in r.json()["message"]
    names = [x["name"] for x in authz.client().list_repositories_in_domain(domain=world.domain)["repositories"]]
    assert name not in names


def test_unsigned_payload_is_refused_on_the_upload_route_too(authz, world):
    """PublishPackageVersion's x-amz-content-sha256 is its assetSHA256 member: botocore signs the
    asset's digest there, never UNSIGNED-PAYLOAD."""
    query = {"domain": world.domain, "repository": world.repository, "format": "generic", "namespace": "ns",
             "package": "p", "version": unique("v"), "asset": "a"}
    r = authz.signed("POST", "/v1/package/version/publish", params=query, body=b"abc",
                     headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert r.status_code in (400, 403), r.text
    assert r.status_code != 200


def test_botocore_calls_still_verify(authz, world):
    c = authz.client()
    assert c.describe_domain(domain=world.domain)["domain"]["name"] == world.domain
    name = unique("signed")
    c.create_repository(domain=world.domain, repository=name, description="a b+c")
    assert c.describe_repository(domain=world.domain, repository=name)["repository"]["description"] == "a b+c"
    c.delete_repository(domain=world.domain, repository=name)


# ------------------------------------------------------------------------------ access key ids


def malformed_ids(key: str) -> list:
    return [key.lower(), key[:4] + key[4:].lower(), key + "A" * 200, key[:-1] + "-", key[:-1] + "é", "AKIA"]


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_a_malformed_access_key_id_is_an_unrecognized_client(authz, world, tls):
    admin = authz.admin
    for key in malformed_ids(admin.access_key):
        bad = User(admin.account, admin.name, key, admin.secret_key)
        authz._clients.pop((key, tls), None)
        with pytest.raises(botocore.exceptions.ClientError) as e:
            authz.client(bad, tls=tls).describe_domain(domain=world.domain)
        response = e.value.response
        assert (response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]) \
            == (403, "UnrecognizedClientException"), (key, response)


def test_a_malformed_access_key_id_in_a_presigned_url(authz, world):
    admin = authz.admin
    for key in malformed_ids(admin.access_key):
        bad = User(admin.account, admin.name, key, admin.secret_key)
        url = authz.client(bad).generate_presigned_url("describe_domain", Params={"domain": world.domain}, ExpiresIn=60)
        r = requests.get(url, verify=authz.stack.ca_bundle, timeout=10)
        assert status_and_code(r) == (403, "UnrecognizedClientException"), (key, r.status_code, r.text[:300])
    # The real key still opens it.
    url = authz.client().generate_presigned_url("describe_domain", Params={"domain": world.domain}, ExpiresIn=60)
    assert requests.get(url, verify=authz.stack.ca_bundle, timeout=10).status_code == 200


def test_a_lower_cased_access_key_id_in_a_hand_written_header(authz, world):
    """Odd characters inside the Credential (a signature that could never match) are a 403 too."""
    import datetime
    now = datetime.datetime.now(datetime.timezone.utc)
    date, stamp = now.strftime("%Y%m%d"), now.strftime("%Y%m%dT%H%M%SZ")
    for key in (authz.admin.access_key.lower(), "AKIA%00" + authz.admin.access_key[7:], "AKIA\u00e9" * 5):
        headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{date}/{authz.region}/codeartifact/aws4_request, "
                                    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
                   "X-Amz-Date": stamp}
        r = requests.get(authz.endpoint() + f"/v1/domain?domain={world.domain}",
                         headers={k: v.encode("utf-8") for k, v in headers.items()}, timeout=10)
        assert status_and_code(r) == (403, "UnrecognizedClientException"), (key, r.status_code, r.text[:300])


# ------------------------------------------------------------------------------ explain


def explain(authz, caller, principal_arn: str, action: str, resource: str) -> dict:
    r = authz.api("POST", "/explain", caller, body={"principalArn": principal_arn, "action": action, "resource": resource})
    assert r.status_code == 200, r.text
    return r.json()


def shown(out: dict) -> set:
    return {(s.get("policyName"), s.get("sid"), s["side"], s["effect"], s["redacted"]) for s in out["statements"]}


def test_explain_hides_another_accounts_policy_statements(authz, site):
    s = site
    b_account = authz.new_account(unique("acct-b"))
    b_admin = authz.new_user(b_account, policy=GRANARY_ALL)
    action = "codeartifact:ReadFromRepository"
    b = authz.new_user(b_account, policy=document(allow(action, "*", sid="BReads")))
    s.put_repository_policy(document(allow(action, "*", principal=b_account, sid="SecretPartnerReads")))
    s.put_domain_policy(document(allow("codeartifact:*", "*", principal=b.arn, sid="SecretDomainWide")))

    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert "Secret" not in json.dumps(out), out  # A's Sids used to be shown to B
    assert out["decision"] == "Allow" and out["crossAccount"] is True
    # b's own identity statement: b_admin may read b's policies (granary:*). A's are hidden.
    assert shown(out) == {
        (f"user/{b.name}/main", "BReads", "IdentityPolicy", "Allow", False),
        (None, None, "ResourcePolicy", "Allow", True)}
    assert len(out["statements"]) == 2  # the domain's and the repository's statements: one redacted entry
    assert "Secret" not in json.dumps(out)
    for st in out["statements"]:
        if st["redacted"]:
            assert set(st) == {"side", "effect", "redacted"}

    # A Deny of A's decides: the decision is told, the statement is not.
    s.put_domain_policy(document(deny(action, "*", principal=b_account, sid="SecretEmbargo")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert out["decision"] == "ExplicitDeny"
    assert shown(out) == {(None, None, "ResourcePolicy", "Deny", True)}
    assert "Secret" not in json.dumps(out)

    # Once A lets b_admin read its repository's policy (and b_admin's own policy allows it), the
    # repository's statements show; the domain's stay hidden.
    reader = document(allow("granary:*", "*"), allow("codeartifact:GetRepositoryPermissionsPolicy", "*"))
    authz.put_identity_policy(b_admin, "main", reader)
    s.put_domain_policy(document(allow("codeartifact:*", "*", principal=b.arn, sid="SecretDomainWide")))
    s.put_repository_policy(document(
        allow(action, "*", principal=b_account, sid="PartnerReads"),
        allow("codeartifact:GetRepositoryPermissionsPolicy", "*", principal=b_admin.arn, sid="LetBAdminRead")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert shown(out) == {
        (f"user/{b.name}/main", "BReads", "IdentityPolicy", "Allow", False),
        (f"repository/{s.domain}/{s.repository}", "PartnerReads", "ResourcePolicy", "Allow", False),
        (None, None, "ResourcePolicy", "Allow", True)}
    # Its own identity policy alone is not enough: A's side must allow the read too.
    s.put_repository_policy(document(allow(action, "*", principal=b_account, sid="SecretPartnerReads")))
    out = explain(authz, b_admin, b.arn, action, s.repository_arn)
    assert "Secret" not in json.dumps(out)


def test_explain_hides_a_users_policy_from_a_caller_who_cannot_read_it(authz, world):
    owner = world.owner
    user = authz.new_user(owner, policy=document(allow("codeartifact:DescribeDomain", "*", sid="PrivateSid")))
    explainer = authz.new_user(owner, policy=document(allow("granary:Explain", "*")))
    out = explain(authz, explainer, user.arn, "codeartifact:DescribeDomain", world.domain_arn)
    assert "PrivateSid" not in json.dumps(out), out  # used to be shown without granary:GetUserPolicy
    assert out["decision"] == "Allow"
    assert shown(out) == {(None, None, "IdentityPolicy", "Allow", True)}
    assert "PrivateSid" not in json.dumps(out) and "main" not in json.dumps(out)
    # With granary:GetUserPolicy on that user, the statement shows.
    authz.put_identity_policy(explainer, "main", document(
        allow("granary:Explain", "*"), allow("granary:GetUserPolicy", user.arn)))
    out = explain(authz, explainer, user.arn, "codeartifact:DescribeDomain", world.domain_arn)
    assert shown(out) == {(f"user/{user.name}/main", "PrivateSid", "IdentityPolicy", "Allow", False)}
