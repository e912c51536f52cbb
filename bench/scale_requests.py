#!/usr/bin/env python3
"""The sequential rows of bench/scale.sh: N timed requests per row, alternating between the 1M
repository ("big") and the near-empty one ("small") so both sides see the same machine.

    scale_requests.py calls CONFIG.json N OUT.tsv
        ListPackages (a page of 2: the near-empty repository holds 2 packages, so both pages are
        the same size), ListPackages from a cursor near the end of the 1M repository (a late
        page: a keyset cursor must cost what the first page does), ListPackageVersions of the
        100-version package; SigV4 (botocore's SigV4Auth, signed before the clock starts) over one
        keep-alive requests session per side.
    scale_requests.py writes CONFIG.json N OUT.tsv
        per round and side: a twine upload of a new version of the 100-version PyPI project, the
        project page right after it (the page is rendered on that request: the first request
        after a change), an npm publish of a new version, the packument right after it, then the
        PyPI page again (unchanged since it was rendered, but the listings counter moved: token,
        policy and package lookups, no render). Each answer is checked: the new file / version
        must be on the page that follows.

CONFIG.json: {"stack", "region", "access_key", "secret_key", "sides": {"big"|"small": {"domain",
"owner", "token", "pypi_repo", "npm_repo", "pypi_package", "npm_package", "versions", "packages"}}}.
OUT.tsv rows: key, label, side, p50 ms, p99 ms, samples, errors (appended).
"""
import json
import sys
import time
import urllib.parse
from pathlib import Path

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed_formats  # noqa: E402  (the bench's own wheels, tarballs and upload shapes)

SIDES = ("small", "big")


def percentile(samples, q):
    """Nearest-rank percentile of the samples (seconds), in ms."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1] * 1000


class Rows:
    def __init__(self):
        self.samples = {}
        self.errors = {}
        self.labels = {}

    def add(self, key, label, side, seconds, ok):
        self.labels[key] = label
        self.samples.setdefault((key, side), []).append(seconds)
        self.errors[(key, side)] = self.errors.get((key, side), 0) + (0 if ok else 1)

    def write(self, path):
        with open(path, "a") as out:
            for (key, side), samples in self.samples.items():
                out.write(f"{key}\t{self.labels[key]}\t{side}\t{percentile(samples, 50):.2f}\t{percentile(samples, 99):.2f}"
                          f"\t{len(samples)}\t{self.errors[(key, side)]}\n")
        return sum(self.errors.values())


def timed(call):
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


class API:
    """The CodeArtifact REST API of the stack, SigV4-signed, over one keep-alive session."""

    def __init__(self, config):
        self.base = config["stack"]
        self.signer = SigV4Auth(Credentials(config["access_key"], config["secret_key"]), "codeartifact", config["region"])
        self.session = requests.Session()

    def signed(self, method, path, query):
        url = f"{self.base}{path}?{urllib.parse.urlencode(query)}"
        request = AWSRequest(method=method, url=url, data=b"")
        self.signer.add_auth(request)
        headers = dict(request.headers)
        return lambda: self.session.request(method, url, data=b"", headers=headers, timeout=60)

    def call(self, method, path, query):
        response = self.signed(method, path, query)()
        if response.status_code != 200:
            sys.exit(f"scale_requests: {path} {query}: HTTP {response.status_code}: {response.text[:300]}")
        return response.json()


def late_cursor(api, side):
    """The nextToken after all but the last 2 packages of the big repository (pages of 1000)."""
    query = {"domain": side["domain"], "domain-owner": side["owner"], "repository": side["pypi_repo"]}
    seen, token = 0, None
    total = side["packages"]
    while seen < total - 2:
        page = dict(query, **{"max-results": str(min(1000, total - 2 - seen))})
        if token:
            page["next-token"] = token
        answer = api.call("POST", "/v1/packages", page)
        seen += len(answer["packages"])
        token = answer.get("nextToken")
        if not token:
            sys.exit(f"scale_requests: the package list ended after {seen} packages, expected {total}")
    return token


def cmd_calls(config_path, count, out):
    config = json.loads(Path(config_path).read_text())
    count = int(count)
    apis = {name: API(config) for name in SIDES}
    rows = Rows()
    requests_by_side = {}
    for name in SIDES:
        side = config["sides"][name]
        owner = {"domain": side["domain"], "domain-owner": side["owner"], "repository": side["pypi_repo"]}
        requests_by_side[name] = [
            ("list-packages", "ListPackages, first page of 2 (SigV4)", dict(owner, **{"max-results": "2"}), "/v1/packages", 2),
            ("list-versions", f"ListPackageVersions of a {side['versions']}-version package, first page (SigV4)",
             dict(owner, format="pypi", package=side["pypi_package"]), "/v1/package/versions", side["versions"]),
        ]
    late = late_cursor(apis["big"], config["sides"]["big"])
    big = config["sides"]["big"]
    requests_by_side["big"].append(
        ("list-packages-late", "ListPackages, a page of 2 from a cursor at the end (SigV4; near-empty: its first page)",
         {"domain": big["domain"], "domain-owner": big["owner"], "repository": big["pypi_repo"], "max-results": "2",
          "next-token": late}, "/v1/packages", 2))
    requests_by_side["small"].append(("list-packages-late", "", requests_by_side["small"][0][2], "/v1/packages", 2))
    for _ in range(count):
        for name in SIDES:
            for key, label, query, path, expected in requests_by_side[name]:
                seconds, response = timed(apis[name].signed("POST", path, query))
                ok = response.status_code == 200
                if ok:
                    body = response.json()
                    ok = len(body.get("packages", body.get("versions", []))) == expected
                rows.add(key, label or rows.labels.get(key, key), name, seconds, ok)
    if rows.write(out):
        sys.exit("scale_requests: some calls failed or returned other pages (see the errors column)")


def cmd_writes(config_path, count, out):
    config = json.loads(Path(config_path).read_text())
    count = int(count)
    rows = Rows()
    state = {}
    for name in SIDES:
        side = config["sides"][name]
        base = f"{config['stack']}/d/{side['domain']}-{side['owner']}"
        pypi = requests.Session()
        pypi.auth = ("aws", side["token"])
        npm = requests.Session()
        npm.headers["Authorization"] = f"Bearer {side['token']}"
        state[name] = (side, f"{base}/pypi/{side['pypi_repo']}/", f"{base}/npm/{side['npm_repo']}/", pypi, npm)
    page_headers = {"Accept-Encoding": "gzip, deflate"}
    packument_headers = {"Accept": "application/vnd.npm.install-v1+json", "Accept-Encoding": "gzip, deflate"}
    for i in range(count):
        for name in SIDES:
            side, pypi_base, npm_base, pypi, npm = state[name]
            version = f"1.0.{side['versions'] + i}"
            project, package = side["pypi_package"], side["npm_package"]
            wheel = seed_formats.wheel_bytes(version, project)
            filename = f"{project.replace('-', '_')}-{version}-py3-none-any.whl"
            seconds, r = timed(lambda: seed_formats.twine_upload(pypi, pypi_base, project, version, wheel, filename))
            rows.add("twine-upload", "twine upload of a new version (multipart POST, Basic)", name, seconds, r.status_code == 200)
            page_url = f"{pypi_base}simple/{project}/"
            seconds, r = timed(lambda: pypi.get(page_url, headers=page_headers, timeout=60))
            rows.add("page-after-publish", "PyPI project page, first request after that upload (rendered now)", name, seconds,
                     r.status_code == 200 and filename in r.text)
            seconds, r = timed(lambda: seed_formats.npm_publish(npm, npm_base, package, version))
            rows.add("npm-publish", "npm publish of a new version (PUT, Bearer)", name, seconds, r.status_code in (200, 201))
            seconds, r = timed(lambda: npm.get(npm_base + package, headers=packument_headers, timeout=60))
            rows.add("packument-after-publish", "npm packument, first request after that publish (rendered now)", name, seconds,
                     r.status_code == 200 and version in r.json().get("versions", {}))
            seconds, r = timed(lambda: pypi.get(page_url, headers=page_headers, timeout=60))
            rows.add("page-after-other-change", "PyPI project page after a publish elsewhere (lookups, no render)", name, seconds,
                     r.status_code == 200 and filename in r.text)
    if rows.write(out):
        sys.exit("scale_requests: some writes failed or were not on the next page (see the errors column)")


if __name__ == "__main__":
    commands = {"calls": cmd_calls, "writes": cmd_writes}
    if len(sys.argv) != 5 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
