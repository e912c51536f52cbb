"""Event delivery end to end (issue 16): package changes made through CodeArtifact's API reach a
webhook receiver on loopback through the dispatcher (`granary dispatch`, started by the stack),
matched by rules and targets made with the real aws CLI, with retries, dead letters, signatures,
input transformers, archives and replays."""
from __future__ import annotations

import base64
import json
import time

import requests

from cp_support import unique
from webhook_support import Script, receiver, verify_signature, wired  # noqa: F401 (fixtures)

EVENT_KEYS = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]


def by_operation(received) -> dict:
    return {r.json["detail"]["operationType"]: r.json for r in received}


def wait_for(what, check, timeout: float = 30, every: float = 0.2):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(every)


def routed(cp, account: str) -> bool:
    """Every event of ACCOUNT's bus is matched and the outbox is empty (the dispatcher caught up)."""
    pending = cp.sql(f"SELECT COUNT(*) FROM bus_events WHERE account_id = '{account}' AND routed_at IS NULL")
    outbox = cp.sql(f"SELECT COUNT(*) FROM outbox_events WHERE body LIKE '%\"domainOwner\":\"{account}\"%'")
    return pending[0][0] == "0" and outbox[0][0] == "0"


def test_publish_status_change_and_delete_arrive_with_codeartifacts_fields(cp, wired, receiver):
    package = unique("p")
    path = "/" + package
    made = wired.rule(path, wired.package_pattern(package))
    wired.publish(package, "1.0.0")
    wired.ca.update_package_versions_status(
        domain=wired.domain, repository=wired.repo, format="generic", package=package, versions=["1.0.0"], targetStatus="Archived")
    wired.ca.delete_package_versions(domain=wired.domain, repository=wired.repo, format="generic", package=package, versions=["1.0.0"])
    # At least once: a duplicate (same id) may come too, so wait for the three kinds.
    operations = lambda r: {x.json["detail"]["operationType"] for x in r}
    got = by_operation(wait_for("the three events", lambda: (
        r := receiver.at(path)) and operations(r) == {"Created", "Updated", "Deleted"} and r))

    created = got["Created"]
    assert list(created) == EVENT_KEYS
    assert created["version"] == "0"
    assert created["detail-type"] == "CodeArtifact Package Version State Change"
    assert created["source"] == "aws.codeartifact"
    assert created["account"] == wired.account
    assert created["region"] == cp.region
    assert created["resources"] == [f"arn:aws:codeartifact:{cp.region}:{wired.account}:package/{wired.domain}/{wired.repo}/generic//{package}"]
    assert created["time"].endswith("Z")
    detail = created["detail"]
    assert "packageNamespace" in detail and detail["packageNamespace"] is None
    assert {k: detail[k] for k in ("domainName", "domainOwner", "repositoryName", "repositoryAdministrator", "packageFormat",
                                   "packageName", "packageVersion", "packageVersionState", "operationType")} == {
        "domainName": wired.domain, "domainOwner": wired.account, "repositoryName": wired.repo,
        "repositoryAdministrator": wired.account, "packageFormat": "generic", "packageName": package, "packageVersion": "1.0.0",
        "packageVersionState": "Published", "operationType": "Created"}
    assert detail["packageVersionRevision"]
    assert set(detail["changes"]) == {"assetsAdded", "assetsRemoved", "assetsUpdated", "metadataUpdated", "statusChanged"}
    assert detail["changes"]["assetsAdded"] == 1 and detail["changes"]["statusChanged"] is True
    assert detail["eventDeduplicationId"] == created["id"]

    updated, deleted = got["Updated"]["detail"], got["Deleted"]["detail"]
    assert updated["packageVersionState"] == "Archived" and updated["changes"]["statusChanged"] is True
    assert deleted["changes"]["assetsRemoved"] == 1
    # sequenceNumber grows with every event of the package, in the order the changes were made.
    assert [created["detail"]["sequenceNumber"], updated["sequenceNumber"], deleted["sequenceNumber"]] == [1, 2, 3]
    assert len({created["id"], got["Updated"]["id"], got["Deleted"]["id"]}) == 3

    # The request: POST with the connection's Basic credentials, JSON, signed with the
    # destination's secret (which only Granary's API shows).
    first = next(r for r in receiver.at(path) if r.json["id"] == created["id"])
    assert first.method == "POST"
    assert first.header("Authorization") == "Basic " + base64.b64encode(f"hook:{wired.password}".encode()).decode()
    assert first.header("Content-Type") == "application/json; charset=utf-8"
    assert first.header("X-Granary-Event-Id") == created["id"]
    secret = wired.granary("GetApiDestinationSigningSecret", {"Name": made["destination"]})
    assert secret["ApiDestinationArn"] == made["destinationArn"] and secret["SigningSecret"].startswith("whsec_")
    assert verify_signature(secret["SigningSecret"], first)
    tampered = type(first)(first.method, first.path, first.headers, first.body + b" ", first.at)
    assert not verify_signature(secret["SigningSecret"], tampered)


def test_the_secret_is_shown_to_its_account_only_and_rotates(cp, ev, wired, receiver):
    made = wired.destination("/rotate-" + unique())
    before = wired.granary("GetApiDestinationSigningSecret", {"Name": made["name"]})["SigningSecret"]
    rotated = wired.granary("RotateApiDestinationSigningSecret", {"Name": made["name"]})["SigningSecret"]
    assert rotated != before
    assert wired.granary("GetApiDestinationSigningSecret", {"Name": made["name"]})["SigningSecret"] == rotated
    other = ev.tenant()
    resp = ev.raw("GranaryEvents.GetApiDestinationSigningSecret", {"Name": made["name"]}, creds=other)
    assert resp.status_code == 400 and resp.json()["__type"] == "ResourceNotFoundException"
    readonly = ev.tenant(policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "events:Describe*", "Resource": "*"}]}))
    resp = ev.raw("GranaryEvents.ListDeadLetters", {}, creds=readonly)
    assert resp.status_code == 400 and resp.json()["__type"] == "AccessDeniedException", resp.text
    # The sealed secret is not in the row in plain text.
    rows = cp.sql(f"SELECT HEX(sealed_signing_secret) FROM event_api_destinations WHERE name = '{made['name']}'")
    assert rotated.removeprefix("whsec_").upper() not in rows[0][0]


def test_non_matching_changes_and_disabled_rules_deliver_nothing(cp, wired, receiver):
    package, other = unique("p"), unique("q")
    on, off = "/on-" + package, "/off-" + package
    wired.rule(on, wired.package_pattern(package))
    disabled = wired.rule(off, wired.package_pattern(package), state="DISABLED")
    wired.publish(other, "1.0")
    wired.publish(package, "1.0")
    assert receiver.wait(on, 1)[0].json["detail"]["packageName"] == package
    wait_for("the dispatcher catching up", lambda: routed(cp, wired.account))
    deliveries = cp.sql(f"SELECT rule_name FROM event_deliveries WHERE account_id = '{wired.account}' AND body LIKE '%{other}%'")
    assert deliveries == []
    assert cp.sql(f"SELECT COUNT(*) FROM event_deliveries WHERE rule_name = '{disabled['rule']}'") == [["0"]]
    assert receiver.at(off) == []

    wired.ev.aws("enable-rule", "--name", disabled["rule"], creds=wired.creds)
    wired.publish(package, "2.0")
    got = receiver.wait(off, 1)
    assert [r.json["detail"]["packageVersion"] for r in got] == ["2.0"]


def test_500s_are_retried_400_is_not_and_dead_letters_redrive(cp, wired, receiver):
    package = unique("p")
    flaky, broken = "/flaky-" + package, "/broken-" + package
    receiver.scripts[flaky] = Script(queue=[500, 503])
    receiver.scripts[broken] = Script(status=400)
    wired.rule(flaky, wired.package_pattern(package))
    dead_rule = wired.rule(broken, wired.package_pattern(package))["rule"]
    wired.publish(package, "1.0")

    attempts = receiver.wait(flaky, 3)
    assert len({r.json["id"] for r in attempts}) == 1
    assert [r.header("X-Granary-Delivery-Attempt") for r in attempts] == ["1", "2", "3"]

    letters = wait_for("a dead letter", lambda: wired.granary("ListDeadLetters", {"RuleName": dead_rule})["DeadLetters"])
    assert len(letters) == 1
    letter = letters[0]
    assert letter["LastStatusCode"] == 400 and letter["Attempts"] == 1 and letter["TargetId"] == "t1"
    assert json.loads(letter["Body"])["detail"]["packageName"] == package
    assert len(receiver.at(broken)) == 1, "a 400 is not retried"

    receiver.scripts[broken] = Script(status=200)
    assert wired.granary("RedriveDeadLetters", {"RuleName": dead_rule})["RedrivenCount"] == 1
    again = receiver.wait(broken, 2)
    assert again[1].json["id"] == again[0].json["id"]
    assert wired.granary("ListDeadLetters", {"RuleName": dead_rule})["DeadLetters"] == []


def test_retry_policy_limits_attempts_and_the_guard_refuses_other_loopback_addresses(cp, wired, receiver):
    package = unique("p")
    # 127.0.0.2 is loopback but outside GRANARY_EVENTS_ALLOW_NETWORKS (127.0.0.1/32).
    made = wired.rule("/guarded-" + package, wired.package_pattern(package),
                      target={"RetryPolicy": {"MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 60}})
    wired.ev.aws("update-api-destination", "--name", made["destination"], "--invocation-endpoint",
                 f"http://127.0.0.2:{receiver.port}/guarded-{package}", creds=wired.creds)
    wired.publish(package, "1.0")
    letters = wait_for("a dead letter", lambda: wired.granary("ListDeadLetters", {"RuleName": made["rule"]})["DeadLetters"])
    assert letters[0]["Attempts"] == 2, "the first attempt and MaximumRetryAttempts=1 retry"
    assert "GRANARY_EVENTS_ALLOW_NETWORKS" in letters[0]["LastError"] or "refused" in letters[0]["LastError"], letters[0]
    assert receiver.at("/guarded-" + package) == []


def test_input_transformer_shapes_the_body(wired, receiver):
    package = unique("p")
    path = "/shaped-" + package
    made = wired.rule(path, wired.package_pattern(package), target={"InputTransformer": {
        "InputPathsMap": {"name": "$.detail.packageName", "version": "$.detail.packageVersion"},
        "InputTemplate": '{"package": <name>, "version": <version>, "rule": <aws.events.rule-name>}'}})
    wired.publish(package, "3.1")
    assert receiver.wait(path, 1)[0].json == {"package": package, "version": "3.1", "rule": made["rule"]}


def test_archive_keeps_matching_events_and_replay_redelivers_them(cp, wired, receiver):
    package = unique("p")
    path = "/replayed-" + package
    bus_arn = f"arn:aws:events:{cp.region}:{wired.account}:event-bus/default"
    archive = unique("arch")
    wired.ev.aws("create-archive", "--archive-name", archive, "--event-source-arn", bus_arn,
                 "--event-pattern", json.dumps(wired.package_pattern(package)), creds=wired.creds)
    start = time.time() - 1
    made = wired.rule(path, wired.package_pattern(package))
    wired.publish(package, "1.0")
    wired.publish(package, "2.0")
    wired.publish(unique("unrelated"), "1.0")
    receiver.wait(path, 2)
    described = wait_for("the archive counting", lambda: (
        d := wired.ev.aws("describe-archive", "--archive-name", archive, creds=wired.creds))["EventCount"] >= 2 and d)
    assert described["EventCount"] == 2 and described["SizeBytes"] > 0

    rule_arn = f"arn:aws:events:{cp.region}:{wired.account}:rule/{made['rule']}"
    replay = unique("replay")
    wired.ev.aws("start-replay", "--replay-name", replay,
                 "--event-source-arn", f"arn:aws:events:{cp.region}:{wired.account}:archive/{archive}",
                 "--event-start-time", str(int(start)), "--event-end-time", str(int(time.time()) + 1),
                 "--destination", json.dumps({"Arn": bus_arn, "FilterArns": [rule_arn]}), creds=wired.creds)
    state = wait_for("the replay completing", lambda: (
        s := wired.ev.aws("describe-replay", "--replay-name", replay, creds=wired.creds)["State"]) in ("COMPLETED", "FAILED") and s)
    assert state == "COMPLETED"
    replayed = receiver.wait(path, 2, where=lambda r: "replay-name" in r.json)
    assert sorted(r.json["detail"]["packageVersion"] for r in replayed) == ["1.0", "2.0"]
    assert all(r.json["replay-name"] == replay for r in replayed)


def test_pull_feed_lists_the_bus_after_a_cursor(wired, receiver):
    package = unique("p")
    wired.publish(package, "1.0")
    wired.publish(package, "2.0")

    def mine(cursor="0"):
        page = wired.granary("ListBusEvents", {"After": cursor, "Limit": 100})
        return page, [json.loads(e["Event"]) for e in page["Events"] if package in e["Event"]]

    page, events = wait_for("both events on the bus", lambda: (r := mine())[1] and len(r[1]) == 2 and r)
    assert [e["detail"]["packageVersion"] for e in events] == ["1.0", "2.0"]
    assert all(e["Source"] == "aws.codeartifact" for e in page["Events"] if package in e["Event"])
    later, rest = mine(page["Cursor"])
    assert rest == [] and later["Cursor"] == page["Cursor"]


def test_metrics_count_deliveries_and_queues(stack, wired, receiver):
    package = unique("p")
    path = "/metrics-" + package
    wired.rule(path, wired.package_pattern(package))
    wired.publish(package, "1.0")
    receiver.wait(path, 1)

    def delivered():
        text = stack.get("/metrics").text
        lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
        return float(lines.get("granary_event_deliveries_total", "0")) >= 1 and lines

    lines = wait_for("the delivery in /metrics", delivered)
    assert 'granary_event_queue_depth{queue="pending"}' in lines
    assert float(lines["granary_event_delivery_lag_seconds_count"]) >= 1
    assert 'granary_events_routed_total{stage="outbox"}' in lines


def test_a_repository_administered_by_another_account_reaches_both_buses(cp, ev, wired, receiver):
    """CodeArtifact delivers to the domain owner and to the repository's administrator."""
    from webhook_support import Delivery
    admin = Delivery(cp, ev, receiver)
    owner_arn = f"arn:aws:iam::{admin.account}:root"
    wired.ca.put_domain_permissions_policy(domain=wired.domain, policyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": owner_arn},
                                                 "Action": "codeartifact:*", "Resource": "*"}]}))
    repo = unique("xr")
    admin.ca.create_repository(domain=wired.domain, domainOwner=wired.account, repository=repo)
    package = unique("p")
    # The same rule in each account: each gets the event on its own default bus.
    pattern = {"source": ["aws.codeartifact"], "detail": {"packageName": [package]}}
    wired.rule("/owner-" + package, pattern)
    admin.rule("/admin-" + package, pattern)
    data = b"cross"
    admin.ca.publish_package_version(
        domain=wired.domain, domainOwner=wired.account, repository=repo, format="generic", namespace="ns", package=package,
        packageVersion="1.0", assetName="a.bin", assetContent=data, assetSHA256=__import__("hashlib").sha256(data).hexdigest())
    at_owner = receiver.wait("/owner-" + package, 1)[0].json
    at_admin = receiver.wait("/admin-" + package, 1)[0].json
    assert at_owner["id"] == at_admin["id"]
    for event in (at_owner, at_admin):
        assert event["detail"]["domainOwner"] == wired.account
        assert event["detail"]["repositoryAdministrator"] == admin.account
        assert event["detail"]["repositoryName"] == repo


def test_a_maven_deploy_is_created_unfinished_then_published_by_its_metadata(cp, wired, receiver):
    """mvn deploy's requests: the files make the version (Created, Unfinished, CodeArtifact's state
    while a Maven version is incomplete), the maven-metadata.xml listing it completes it (Updated,
    Published, statusChanged) and a later file of the version would be refused."""
    artifact = unique("m")
    path = "/" + artifact
    wired.rule(path, wired.package_pattern(artifact))
    token = wired.ca.get_authorization_token(domain=wired.domain)["authorizationToken"]
    base = f"{cp.stack.https}/d/{wired.domain}-{wired.account}/maven/{wired.repo}/com/acme/events/{artifact}/"
    for url, body in ((f"{base}1.0.0/{artifact}-1.0.0.jar", b"PK jar"),
                      (f"{base}1.0.0/{artifact}-1.0.0-sources.jar", b"PK sources"),
                      (f"{base}maven-metadata.xml", f"<metadata><groupId>com.acme.events</groupId><artifactId>{artifact}</artifactId>"
                                                     "<versioning><versions><version>1.0.0</version></versions></versioning></metadata>".encode())):
        r = requests.put(url, data=body, auth=("aws", token), verify=cp.stack.ca_bundle, timeout=30)
        assert r.status_code == 201, (url, r.status_code, r.reason)
    # The second file is an Updated (assetsAdded) of the Unfinished version; the metadata's is the
    # Updated to Published.
    states = lambda r: {(x.json["detail"]["operationType"], x.json["detail"]["packageVersionState"]) for x in r}
    received = wait_for("Created, then Updated to Published", lambda: (
        r := receiver.at(path)) and {("Created", "Unfinished"), ("Updated", "Published")} <= states(r) and r)
    assert states(received) == {("Created", "Unfinished"), ("Updated", "Unfinished"), ("Updated", "Published")}, states(received)
    created = next(x.json for x in received if x.json["detail"]["operationType"] == "Created")
    published = next(x.json for x in received if x.json["detail"]["packageVersionState"] == "Published")
    assert created["resources"] == [
        f"arn:aws:codeartifact:{cp.region}:{wired.account}:package/{wired.domain}/{wired.repo}/maven/com.acme.events/{artifact}"]
    assert (created["detail"]["packageFormat"], created["detail"]["packageNamespace"]) == ("maven", "com.acme.events")
    assert created["detail"]["changes"]["assetsAdded"] == 1
    assert published["detail"]["changes"]["statusChanged"] is True and published["detail"]["changes"]["assetsAdded"] == 0
    assert (created["detail"]["sequenceNumber"], published["detail"]["sequenceNumber"]) == (1, 3)
