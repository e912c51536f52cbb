"""Helpers for the EventBridge API suite (test_events_api_*.py): the real aws CLI (`aws events`)
and boto3's events client pointed at the stack, accounts whose users hold `events:*`, and the
rows of sql/0014's tables. Its fixtures (ev, ev_tenant) are registered through conftest's
pytest_plugins."""
from __future__ import annotations

import json
import subprocess

import botocore.exceptions
import pytest

from cp_support import AWS_CLI, AwsCliError, ControlPlane, Credentials, unique

EVENTS_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "events:*", "Resource": "*"}]})


def code_of(error: botocore.exceptions.ClientError) -> str:
    return error.response["Error"]["Code"]


def client_error(call, *args, **kw) -> botocore.exceptions.ClientError:
    """Runs CALL expecting a ClientError; returns it."""
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        call(*args, **kw)
    return raised.value


class Events:
    """The stack as an Amazon EventBridge endpoint."""

    def __init__(self, cp: ControlPlane):
        self.cp = cp
        self.region = cp.region
        self._clients: dict = {}

    def tenant(self, policy: str | None = EVENTS_POLICY) -> Credentials:
        """A fresh account with one user holding POLICY (default: events:*) and an access key."""
        return self.cp.new_tenant(name=unique("ev"), policy=policy)

    def client(self, creds: Credentials | None = None, tls: bool = False):
        """A boto3 events client (no retries, so an error surfaces at once)."""
        from botocore.config import Config
        creds = creds or self.cp.admin
        key = (creds, tls)
        if key not in self._clients:
            self._clients[key] = self.cp._session.client(
                "events", endpoint_url=self.cp.endpoint(tls), region_name=self.region,
                aws_access_key_id=creds.access_key, aws_secret_access_key=creds.secret_key,
                verify=self.cp.stack.ca_bundle,
                config=Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=60))
        return self._clients[key]

    # ------------------------------------------------------------ aws CLI
    def aws_run(self, *args: str, creds: Credentials | None = None, tls: bool = True) -> subprocess.CompletedProcess:
        # aws CLI v1 fetches a parameter value that starts with http(s):// (an API destination's
        # InvocationEndpoint) unless told not to; v2 does not by default.
        config = self.cp.home / "events-cli-config"
        if not config.exists():
            config.write_text("[default]\ncli_follow_urlparam = false\n")
        cmd = [AWS_CLI, "--endpoint-url", self.cp.endpoint(tls), "--output", "json", "events", *args]
        env = self.cp.aws_env(creds) | {"AWS_CONFIG_FILE": str(config)}
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    def aws(self, *args: str, **kw):
        """`aws --endpoint-url … events ARGS` (over TLS by default); exit 0 required; stdout as JSON."""
        proc = self.aws_run(*args, **kw)
        if proc.returncode != 0:
            raise AwsCliError(args, proc)
        out = proc.stdout.strip()
        return json.loads(out) if out else {}

    def aws_error(self, code: str, *args: str, **kw) -> AwsCliError:
        proc = self.aws_run(*args, **kw)
        assert proc.returncode != 0, f"aws events {' '.join(args)} succeeded; expected {code}:\n{proc.stdout}"
        err = AwsCliError(args, proc)
        assert err.code == code, str(err)
        return err

    # ------------------------------------------------------------ raw JSON 1.1
    def raw(self, target: str, body: dict | bytes | None = None, creds: Credentials | None = None, sign: bool = True,
            service: str = "events", content_type: str = "application/x-amz-json-1.1", headers: dict | None = None,
            after_signing=None):
        """POST / with X-Amz-Target TARGET, signed for SERVICE (or unsigned)."""
        import requests
        data = body if isinstance(body, bytes) else json.dumps(body if body is not None else {}).encode()
        hdrs = {"X-Amz-Target": target, "Content-Type": content_type} | (headers or {})
        if not sign:
            return requests.post(self.cp.endpoint() + "/", data=data, headers=hdrs, timeout=30)
        return self.cp.signed("POST", "/", body=data, headers=hdrs, creds=creds, service=service, after_signing=after_signing)

    # ------------------------------------------------------------ fixtures of the tests
    def arn(self, account: str, resource: str) -> str:
        return f"arn:aws:events:{self.region}:{account}:{resource}"

    def destination(self, creds: Credentials, endpoint: str = "https://hooks.example/in") -> dict:
        """A connection (API key) and an API destination of CREDS' account: their ARNs and names."""
        c = self.client(creds)
        name = unique("conn")
        connection = c.create_connection(
            Name=name, AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k-" + unique()}})
        dest = unique("dest")
        created = c.create_api_destination(Name=dest, ConnectionArn=connection["ConnectionArn"],
                                           InvocationEndpoint=endpoint, HttpMethod="POST")
        return {"connection": name, "connectionArn": connection["ConnectionArn"], "name": dest,
                "arn": created["ApiDestinationArn"]}

    def sql(self, query: str) -> list[list[str]]:
        return self.cp.sql(query)


@pytest.fixture(scope="session")
def ev(cp) -> Events:
    return Events(cp)


@pytest.fixture
def ev_tenant(ev) -> Credentials:
    """A fresh account whose user may do everything EventBridge: its lists hold only what the test made."""
    return ev.tenant()
