"""The JSON 1.1 front door (`POST /`, `X-Amz-Target`, SigV4 service `events`) through nginx: it
reaches the metadata pool with the control plane's body limits; who is asking is decided first,
then which operation, then the body; errors are JSON 1.1's (`__type`) with AWS's statuses; the
CodeArtifact routes are as they were."""
import json
import re
import subprocess

from cp_support import AWS_CLI
from events_support import client_error, code_of

META_SOCKET = re.compile(r"\bup=\S*meta-\d+\.sock")


def body_type(r) -> str:
    assert r.headers["Content-Type"].startswith("application/x-amz-json-1.1"), r.headers
    assert r.headers.get("x-amzn-RequestId"), r.headers
    return r.json()["__type"]


def test_signature_scope_and_target(ev, ev_tenant):
    r = ev.raw("AWSEvents.ListRules", {}, sign=False)
    assert (r.status_code, body_type(r)) == (403, "MissingAuthenticationTokenException")
    # Signed for another service: refused as AWS refuses it.
    r = ev.raw("AWSEvents.ListRules", {}, creds=ev_tenant, service="codeartifact")
    assert (r.status_code, body_type(r)) == (403, "InvalidSignatureException")
    assert "correct service: 'events'" in r.json()["message"]
    for target in ("AWSEvents.CreateEventBus", "AWSEvents.", "TrentService.ListKeys", "Nothing", ""):
        r = ev.raw(target, {}, creds=ev_tenant)
        assert (r.status_code, body_type(r)) == (400, "UnknownOperationException"), (target, r.text)
    # The target is signed: a signature for ListRules does not carry DeleteRule.
    ev.client(ev_tenant).put_rule(Name="kept", EventPattern='{"source": ["x"]}')
    swap = lambda prepared: prepared.headers.__setitem__("X-Amz-Target", "AWSEvents.DeleteRule")
    r = ev.raw("AWSEvents.ListRules", {"Name": "kept"}, creds=ev_tenant, after_signing=swap)
    assert (r.status_code, body_type(r)) == (403, "InvalidSignatureException")
    assert ev.client(ev_tenant).describe_rule(Name="kept")["Name"] == "kept"


def test_content_type_and_body(ev, ev_tenant):
    r = ev.raw("AWSEvents.ListRules", {}, creds=ev_tenant, content_type="application/json")
    assert (r.status_code, body_type(r)) == (400, "SerializationException")
    for body in (b"[1]", b"{not json", b'"text"'):
        r = ev.raw("AWSEvents.ListRules", body, creds=ev_tenant)
        assert (r.status_code, body_type(r)) == (400, "SerializationException"), body
    r = ev.raw("AWSEvents.ListRules", b"", creds=ev_tenant)
    assert r.status_code == 200 and r.json() == {"Rules": []}
    r = ev.raw("AWSEvents.ListRules", {"Limit": "ten"}, creds=ev_tenant)
    assert (r.status_code, body_type(r)) == (400, "SerializationException")
    r = ev.raw("AWSEvents.ListRules", {"Limit": 0}, creds=ev_tenant)
    assert (r.status_code, body_type(r)) == (400, "ValidationException")


def test_bodies_are_bounded_like_the_control_planes(ev, ev_tenant):
    # Beyond the worker's 8 MiB but within nginx's 10m: the worker refuses it in JSON 1.1's shape.
    big = json.dumps({"Name": "r", "EventPattern": "x" * (9 * 1024 * 1024)}).encode()
    r = ev.raw("AWSEvents.PutRule", big, creds=ev_tenant)
    assert (r.status_code, body_type(r)) == (413, "SerializationException")
    # Beyond nginx's limit: nginx refuses it before any worker reads it.
    huge = b"{" + b" " * (11 * 1024 * 1024) + b"}"
    r = ev.raw("AWSEvents.PutRule", huge, creds=ev_tenant)
    assert r.status_code == 413
    assert ev.client(ev_tenant).list_rules()["Rules"] == []


def test_post_slash_reaches_the_metadata_pool(ev, ev_tenant):
    r = ev.raw("AWSEvents.ListEventBuses", {}, creds=ev_tenant)
    assert r.status_code == 200
    request_id = r.headers["x-amzn-RequestId"]
    lines = ev.cp.access_log_lines("POST / ", f"rid={request_id}", wait=5)
    assert len(lines) == 1 and META_SOCKET.search(lines[0]), lines


def test_codeartifact_routes_are_unaffected(ev, ev_tenant, cp):
    # The same credentials, signed for codeartifact, still reach the CodeArtifact API (refused
    # there by policy: this user holds events:* only), in CodeArtifact's rest-json shape.
    e = client_error(cp.client(ev_tenant).list_domains)
    assert code_of(e) == "AccessDeniedException" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert cp.client().list_domains()["domains"] is not None
    r = cp.stack.get("/")
    assert r.status_code == 405 and "POST" in r.headers.get("Allow", "")
    r = cp.stack.get("/healthz")
    assert r.status_code == 200


def test_the_env_file_points_aws_events_at_the_stack(ev, cp):
    """`source .run/env` and `aws events …` needs no --endpoint-url (AWS_ENDPOINT_URL_EVENTBRIDGE)."""
    env = {k: v for k, v in cp.aws_env().items() if not k.startswith("AWS_")}
    proc = subprocess.run(["bash", "-c", f"source {cp.stack.state}/env && {AWS_CLI} --output json events list-event-buses"],
                          capture_output=True, text=True, timeout=60, env=env, cwd="/")
    assert proc.returncode == 0, proc.stderr
    account = cp.stack.env_file()["GRANARY_ACCOUNT"]
    assert json.loads(proc.stdout)["EventBuses"] == [{"Name": "default", "Arn": ev.arn(account, "event-bus/default")}]
