#!/usr/bin/env python3
"""The measurements of bench/events.sh: event delivery latency (commit → receiver) and
throughput on a private stack, printed as a Markdown table.

    events_bench.py STACK_URL RECEIVER_URL RECEIVER_LOG MACHINE_LINE

Credentials and region come from the environment ($STATE/env). The receiver is an nginx whose
access log has one line per request: "<msec> <X-Granary-Event-Id> <status>".
"""
import concurrent.futures
import hashlib
import json
import os
import statistics
import sys
import threading
import time
import uuid

import boto3
from botocore.config import Config

LATENCY_COUNT = int(os.environ.get("EVENTS_LATENCY_COUNT", "200"))
PUT_COUNT = int(os.environ.get("EVENTS_COUNT", "5000"))
PUBLISH_COUNT = int(os.environ.get("EVENTS_PUBLISH_COUNT", "1000"))
THREADS = 4


class Arrivals:
    """Tails the receiver's log: event id → first arrival time (seconds since the epoch)."""

    def __init__(self, path):
        self.path, self.offset, self.first, self.lines = path, 0, {}, 0

    def read(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1
        self.offset += end
        for line in chunk[:end].decode().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] != "-":
                self.lines += 1
                self.first.setdefault(parts[1], float(parts[0]))

    def wait(self, ids, timeout=300):
        deadline = time.time() + timeout
        while True:
            self.read()
            if all(i in self.first for i in ids):
                return
            if time.time() > deadline:
                missing = sum(1 for i in ids if i not in self.first)
                sys.exit(f"events_bench: {missing} of {len(ids)} events did not arrive within {timeout}s")
            time.sleep(0.02)


def clients(stack):
    config = Config(retries={"total_max_attempts": 1}, max_pool_connections=THREADS * 2)
    session = boto3.session.Session(region_name=os.environ["AWS_DEFAULT_REGION"])
    return (session.client("codeartifact", endpoint_url=stack, config=config),
            session.client("events", endpoint_url=stack, config=config))


def wire(ca, events, receiver_url, domain):
    ca.create_domain(domain=domain)
    ca.create_repository(domain=domain, repository="bench")
    conn = events.create_connection(Name="bench-" + domain, AuthorizationType="API_KEY", AuthParameters={
        "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "bench"}})
    dest = events.create_api_destination(Name="bench-" + domain, ConnectionArn=conn["ConnectionArn"],
                                         InvocationEndpoint=receiver_url, HttpMethod="POST",
                                         InvocationRateLimitPerSecond=300000)
    events.put_rule(Name="bench-" + domain, EventPattern=json.dumps({"source": ["aws.codeartifact", "bench.events"]}))
    events.put_targets(Rule="bench-" + domain, Targets=[{"Id": "hook", "Arn": dest["ApiDestinationArn"]}])


def publish(ca, domain, version):
    data = version.encode()
    return ca.publish_package_version(
        domain=domain, repository="bench", format="generic", namespace="bench", package="p", packageVersion=version,
        assetName="a.bin", assetContent=data, assetSHA256=hashlib.sha256(data).hexdigest())


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    stack, receiver_url, log_path, machine = argv[1:]
    ca, events = clients(stack)
    domain = "ev" + uuid.uuid4().hex[:8]
    wire(ca, events, receiver_url, domain)
    arrivals = Arrivals(log_path)

    # a. latency: the event id of a publish is not in its answer, so each publish is followed
    #    until its arrival before the next (one event in flight: the path's own latency).
    latencies = []
    for n in range(LATENCY_COUNT):
        before = set(arrivals.first)
        publish(ca, domain, f"0.0.{n}")
        returned = time.time()
        deadline = returned + 60
        while True:
            arrivals.read()
            new = set(arrivals.first) - before
            if new:
                latencies.append(max(0.0, arrivals.first[new.pop()] - returned))
                break
            if time.time() > deadline:
                sys.exit("events_bench: a published version's event did not arrive within 60 s")
            time.sleep(0.0005)

    # b. throughput with PutEvents: 10 entries per call from THREADS threads.
    ids_lock = threading.Lock()
    put_ids = []

    def put_batch(_):
        entries = [{"Source": "bench.events", "DetailType": "bench", "Detail": json.dumps({"n": 1})} for _ in range(10)]
        out = events.put_events(Entries=entries)
        assert out["FailedEntryCount"] == 0, out
        with ids_lock:
            put_ids.extend(e["EventId"] for e in out["Entries"])

    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(put_batch, range(PUT_COUNT // 10)))
    put_done = time.time()
    arrivals.wait(put_ids)
    put_last = max(arrivals.first[i] for i in put_ids)
    put_rate = len(put_ids) / (put_last - start)

    # c. throughput with package publishes from THREADS threads (outbox → bus → delivery).
    before = set(arrivals.first)
    start_pub = time.time()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda n: publish(ca, domain, f"1.0.{n}"), range(PUBLISH_COUNT)))
    pub_done = time.time()
    deadline = time.time() + 300
    while len(set(arrivals.first) - before) < PUBLISH_COUNT:
        arrivals.read()
        if time.time() > deadline:
            sys.exit("events_bench: published versions' events did not all arrive within 300 s")
        time.sleep(0.02)
    pub_ids = set(arrivals.first) - before
    pub_last = max(arrivals.first[i] for i in pub_ids)

    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"Machine: {machine}")
    print()
    print("| measurement | figure |")
    print("|---|---|")
    print(f"| commit → receiver, one at a time ({len(latencies)} publishes) | p50 {ms(statistics.median(latencies))}, "
          f"p99 {ms(percentile(latencies, 99))}, max {ms(max(latencies))} |")
    print(f"| PutEvents, {len(put_ids)} events from {THREADS} threads | {put_rate:.0f} events/s delivered "
          f"(puts took {put_done - start:.1f} s, last arrival {put_last - start:.1f} s after the first put) |")
    print(f"| PublishPackageVersion, {PUBLISH_COUNT} versions from {THREADS} threads | "
          f"{PUBLISH_COUNT / (pub_last - start_pub):.0f} events/s delivered (publishes took {pub_done - start_pub:.1f} s, "
          f"{PUBLISH_COUNT / (pub_done - start_pub):.0f}/s; last arrival {pub_last - start_pub:.1f} s after the first) |")
    print(f"| receiver requests logged | {arrivals.lines} (duplicates: {arrivals.lines - len(arrivals.first)}) |")


if __name__ == "__main__":
    main(sys.argv)
