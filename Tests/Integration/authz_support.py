"""Helpers and fixtures for the authorization suite (test_authorization_*.py): principals with
their own access keys and identity policies, SigV4-signed calls (boto3, hand-signed requests to
the Granary JSON API), authorization tokens (issued, presented every way a package manager does,
and forged with the server's key to test expiry), policy documents, and one shared two-account
world ("sites"): account A (the bootstrap admin) owns a domain, a repository and a published
generic asset; other accounts are made per test.

Only the `stack` fixture of conftest.py is used. Test modules import the fixtures they use
(`from authz_support import authz, site, world`: module-level, so no conftest fixture of the same
name can shadow them), after `pytest.register_assert_rewrite("authz_support")`. `authz` and
`world` are session-scoped per importing module; `world`'s policies must not be changed (use
`site`, a fresh one per test).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

import botocore.exceptions
import pytest
import requests

# ------------------------------------------------------------------------------ names and documents


def unique(prefix: str = "az") -> str:
    """A fresh name, valid for domains, repositories, packages, users and policies."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def statement(effect: str = "Allow", action="codeartifact:*", resource="*", principal=None, sid=None,
              condition=None, not_action=None, not_resource=None) -> dict:
    """One policy statement. `principal` (resource policies): an account id, ARN or "*", or a list."""
    st: dict = {"Effect": effect}
    if sid:
        st["Sid"] = sid
    if principal is not None:
        st["Principal"] = "*" if principal == "*" else {"AWS": principal}
    if not_action is not None:
        st["NotAction"] = not_action
    else:
        st["Action"] = action
    if not_resource is not None:
        st["NotResource"] = not_resource
    else:
        st["Resource"] = resource
    if condition:
        st["Condition"] = condition
    return st


def allow(action="codeartifact:*", resource="*", **kw) -> dict:
    return statement("Allow", action, resource, **kw)


def deny(action="codeartifact:*", resource="*", **kw) -> dict:
    return statement("Deny", action, resource, **kw)


def document(*statements: dict) -> str:
    """A policy document (JSON text) of STATEMENTS."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


# ------------------------------------------------------------------------------ principals


@dataclass(frozen=True)
class User:
    """An IAM-style user with one access key."""
    account: str
    name: str
    access_key: str
    secret_key: str
    user_id: str = ""

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user/{self.name}"


def error_code(r: requests.Response) -> str:
    """The AWS error code of a JSON error response (x-amzn-ErrorType, else the body's __type)."""
    code = r.headers.get("x-amzn-ErrorType", "").split(":")[0]
    if not code:
        try:
            code = str(r.json().get("__type", "")).split("#")[-1]
        except ValueError:
            code = ""
    return code


def client_error(call, *args, **kw) -> botocore.exceptions.ClientError:
    """Runs a boto3 CALL expecting a ClientError; returns it."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kw)
    return e.value


def code_of(error: botocore.exceptions.ClientError) -> str:
    return error.response["Error"]["Code"]


def status_of(error: botocore.exceptions.ClientError) -> int:
    return error.response["ResponseMetadata"]["HTTPStatusCode"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Authz:
    """The stack, seen by the authorization tests."""

    def __init__(self, stack):
        import boto3
        self.stack = stack
        self.region = stack.config.get("region", "us-east-1")
        boot = json.loads((stack.state / "bootstrap.json").read_text())
        self.admin = User(boot["accountId"], boot["userName"], boot["accessKeyId"], boot["secretAccessKey"])
        self._session = boto3.session.Session()
        self._clients: dict = {}

    # -------------------------------------------------------------- admin CLI
    def cli(self, *args: str) -> dict | list:
        return self.stack.cli(*args)

    def new_account(self, name: str | None = None, organization: str | None = None) -> str:
        args = ["admin", "accounts", "create", "--name", name or unique("acct")]
        if organization:
            args += ["--organization", organization]
        return self.cli(*args)["accountId"]

    def new_user(self, account: str, name: str | None = None, policy: str | None = None) -> User:
        """A user of ACCOUNT with an access key and, when given, the identity policy "main"."""
        name = name or unique("u")
        created = self.cli("admin", "users", "create", "--account", account, "--name", name)
        key = self.cli("admin", "access-keys", "create", "--account", account, "--user", name)
        user = User(account, name, key["accessKeyId"], key["secretAccessKey"], created.get("userId", ""))
        if policy is not None:
            self.put_identity_policy(user, "main", policy)
        return user

    def put_identity_policy(self, user: User, name: str, policy: str) -> None:
        self.cli("admin", "policies", "put", "--account", user.account, "--user", user.name, "--name", name,
                 "--document", policy)

    def delete_identity_policy(self, user: User, name: str) -> None:
        self.cli("admin", "policies", "delete", "--account", user.account, "--user", user.name, "--name", name)

    def identity_policies(self, user: User) -> list:
        return self.cli("admin", "policies", "list", "--account", user.account, "--user", user.name)

    # -------------------------------------------------------------- boto3
    def endpoint(self, tls: bool = False) -> str:
        return self.stack.https if tls else self.stack.http

    def client(self, user: User | None = None, tls: bool = False):
        """A boto3 CodeArtifact client for USER (default: the bootstrap admin), without retries."""
        from botocore.config import Config
        user = user or self.admin
        key = (user.access_key, tls)
        if key not in self._clients:
            self._clients[key] = self._session.client(
                "codeartifact", endpoint_url=self.endpoint(tls), region_name=self.region,
                aws_access_key_id=user.access_key, aws_secret_access_key=user.secret_key,
                verify=self.stack.ca_bundle,
                config=Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=60))
        return self._clients[key]

    def publish(self, domain: str, repository: str, package: str, version: str, asset: str, data: bytes,
                namespace: str | None = "ns", owner: str | None = None, user: User | None = None) -> dict:
        kw = dict(domain=domain, repository=repository, format="generic", package=package,
                  packageVersion=version, assetName=asset, assetContent=data,
                  assetSHA256=hashlib.sha256(data).hexdigest())
        if namespace is not None:
            kw["namespace"] = namespace
        if owner is not None:
            kw["domainOwner"] = owner
        return self.client(user).publish_package_version(**kw)

    # -------------------------------------------------------------- aws CLI
    def aws_run(self, user: User, *args: str, tls: bool = False) -> subprocess.CompletedProcess:
        """`aws --endpoint-url … codeartifact ARGS` as USER (no config files, no retries)."""
        beside = Path(sys.executable).parent / "aws"
        cli = str(beside) if beside.exists() else (shutil.which("aws") or "aws")
        home = self.stack.state / "aws-home"
        home.mkdir(mode=0o700, exist_ok=True)  # in the state directory, so private like the rest of it
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.setdefault("PYENV_ROOT", str(Path.home() / ".pyenv"))
        env |= {"HOME": str(home), "LANG": "C.UTF-8", "AWS_ACCESS_KEY_ID": user.access_key,
                "AWS_SECRET_ACCESS_KEY": user.secret_key, "AWS_DEFAULT_REGION": self.region,
                "AWS_CA_BUNDLE": self.stack.ca_bundle, "AWS_CONFIG_FILE": str(home / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"), "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": ""}
        return subprocess.run([cli, "--endpoint-url", self.endpoint(tls), "--output", "json", "codeartifact", *args],
                              env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    # -------------------------------------------------------------- hand-signed requests
    def signed(self, method: str, path: str, user: User | None = None, params: dict | None = None,
               body: bytes | dict | list | None = None, headers: dict | None = None, tls: bool = False,
               sign: bool = True) -> requests.Response:
        """A request signed with botocore's SigV4 signer as USER (sign=False: sent unsigned).
        A dict or list body is sent as JSON."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials as BotoCredentials
        user = user or self.admin
        hdrs = dict(headers or {})
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        data = data or b""
        # The query string is encoded here, as botocore's serializer does (RFC 3986, %20 for a
        # space; a list value repeats the parameter), so that what is signed is what is sent.
        url = self.endpoint(tls) + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True, quote_via=urllib.parse.quote, safe="-_.~")
        req = AWSRequest(method=method, url=url, data=data, headers=hdrs)
        if sign:
            SigV4Auth(BotoCredentials(user.access_key, user.secret_key), "codeartifact", self.region).add_auth(req)
        prepared = req.prepare()
        out = requests.PreparedRequest()
        out.method = prepared.method
        out.url = prepared.url
        out.headers = requests.structures.CaseInsensitiveDict(dict(prepared.headers.items()))
        out.body = prepared.body
        if out.body and "Content-Length" not in out.headers:
            out.headers["Content-Length"] = str(len(out.body))
        out.hooks = {"response": []}
        with requests.Session() as s:
            return s.send(out, verify=self.stack.ca_bundle, timeout=30)

    def api(self, method: str, path: str, user: User | None = None, body=None, params=None,
            tls: bool = False) -> requests.Response:
        """A call to Granary's JSON API (`/granary/v1/...`), signed as USER."""
        return self.signed(method, "/granary/v1" + path, user, params=params, body=body, tls=tls)

    # -------------------------------------------------------------- tokens
    def token(self, user: User, domain: str, owner: str, duration: int | None = None, tls: bool = False) -> dict:
        """GetAuthorizationToken through boto3: {"authorizationToken", "expiration"}."""
        kw = dict(domain=domain, domainOwner=owner)
        if duration is not None:
            kw["durationSeconds"] = duration
        return self.client(user, tls).get_authorization_token(**kw)

    def download_path(self, domain: str, owner: str, repository: str, package: str, version: str, asset: str) -> str:
        return f"/d/{domain}-{owner}/generic/{repository}/{package}/{version}/{asset}"

    def download(self, path: str, token: str | None = None, namespace: str | None = "ns",
                 authorization: str | None = None, tls: bool = False) -> requests.Response:
        """GET PATH (a generic asset URL) with `Authorization: Bearer TOKEN` (or AUTHORIZATION as is)."""
        headers = {}
        if authorization is not None:
            headers["Authorization"] = authorization
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        params = {"namespace": namespace} if namespace is not None else {}
        return requests.get(self.endpoint(tls) + path, params=params, headers=headers,
                            verify=self.stack.ca_bundle, timeout=30)

    @property
    def token_key(self) -> bytes:
        master = Path(self.stack.config.get("masterKeyFile") or self.stack.state / "master.key").read_bytes()
        return hmac.new(master, b"granary/authorization-tokens", hashlib.sha256).digest()

    @staticmethod
    def token_claims(token: str) -> list[str]:
        return b64url_decode(token.split(".")[0]).decode().split("|")

    def forge_token(self, claims: list[str]) -> str:
        """A token with CLAIMS (gt1|id|userId|owner|domain|issuedMs|expiresMs), signed with the server's key."""
        payload = b64url("|".join(claims).encode())
        mac = hmac.new(self.token_key, payload.encode(), hashlib.sha256).digest()
        return payload + "." + b64url(mac)

    def database_dump(self) -> str:
        """Every row of the stack's database, as mariadb-dump prints it (binary columns in hex)."""
        db = self.stack.config["database"]
        proc = subprocess.run(["mariadb-dump", "--no-defaults", f"--socket={db['socket']}", "-uroot", "--hex-blob",
                               "--skip-comments", "--no-create-info", db.get("name", "granary")],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    # -------------------------------------------------------------- ARNs
    def domain_arn(self, owner: str, domain: str) -> str:
        return f"arn:aws:codeartifact:{self.region}:{owner}:domain/{domain}"

    def repository_arn(self, owner: str, domain: str, repository: str) -> str:
        return f"arn:aws:codeartifact:{self.region}:{owner}:repository/{domain}/{repository}"

    def package_arn(self, owner: str, domain: str, repository: str, package: str, namespace: str = "ns",
                    fmt: str = "generic") -> str:
        return f"arn:aws:codeartifact:{self.region}:{owner}:package/{domain}/{repository}/{fmt}/{namespace}/{package}"


@dataclass
class Site:
    """A domain of OWNER's account with one repository holding one published generic asset
    (package `package` in namespace `ns`, version `version`, asset `asset` = `data`)."""
    authz: "Authz"
    owner_user: User
    domain: str
    repository: str
    package: str
    version: str
    asset: str
    data: bytes
    namespace: str = "ns"

    @property
    def owner(self) -> str:
        return self.owner_user.account

    @property
    def domain_arn(self) -> str:
        return self.authz.domain_arn(self.owner, self.domain)

    @property
    def repository_arn(self) -> str:
        return self.authz.repository_arn(self.owner, self.domain, self.repository)

    @property
    def package_arn(self) -> str:
        return self.authz.package_arn(self.owner, self.domain, self.repository, self.package, self.namespace)

    @property
    def path(self) -> str:
        """The asset's URL path on the generic endpoint (add ?namespace=ns)."""
        return self.authz.download_path(self.domain, self.owner, self.repository, self.package, self.version, self.asset)

    def download(self, token: str | None = None, **kw) -> requests.Response:
        return self.authz.download(self.path, token, namespace=self.namespace, **kw)

    def token(self, user: User, **kw) -> str:
        return self.authz.token(user, self.domain, self.owner, **kw)["authorizationToken"]

    @property
    def client(self):
        """The owner's boto3 client."""
        return self.authz.client(self.owner_user)

    def put_domain_policy(self, policy: str) -> dict:
        return self.client.put_domain_permissions_policy(domain=self.domain, policyDocument=policy)["policy"]

    def put_repository_policy(self, policy: str) -> dict:
        return self.client.put_repository_permissions_policy(
            domain=self.domain, repository=self.repository, policyDocument=policy)["policy"]

    def delete_domain_policy(self) -> None:
        self.client.delete_domain_permissions_policy(domain=self.domain)

    def delete_repository_policy(self) -> None:
        self.client.delete_repository_permissions_policy(domain=self.domain, repository=self.repository)


def make_site(authz: Authz, owner: User | None = None, size: int = 32 * 1024) -> Site:
    """A new domain, repository and published asset in OWNER's account (default: the bootstrap admin's)."""
    owner = owner or authz.admin
    domain, repository = unique("azd"), unique("azr")
    c = authz.client(owner)
    c.create_domain(domain=domain)
    c.create_repository(domain=domain, repository=repository)
    data = os.urandom(size) + b"\x00granary\xff"
    site = Site(authz, owner, domain, repository, unique("pkg"), "1.0.0", "payload.bin", data)
    authz.publish(domain, repository, site.package, site.version, site.asset, data, namespace=site.namespace, user=owner)
    return site


@pytest.fixture(scope="session")
def authz(stack) -> Authz:
    return Authz(stack)


@pytest.fixture(scope="session")
def world(authz) -> Site:
    """A site of the bootstrap admin's account shared by the session: tests must not change its
    policies (use `site` for that)."""
    return make_site(authz)


@pytest.fixture
def site(authz) -> Site:
    """A fresh site of the bootstrap admin's account (account A), free to change."""
    return make_site(authz)
