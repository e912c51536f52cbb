"""/metrics counts requests per package format (issue 13: pip and npm traffic used to be counted
under `other`): after a PyPI upload and page read, an npm publish and packument read, a Maven deploy
and downloads, a NuGet push and reads, and a generic download, each format's own `route` label has grown by what was sent, with its status class."""
from __future__ import annotations

import re

import pytest
import requests

from cp_support import cp, domain  # noqa: F401
from format_fixtures import format_repo
from nupkg_builder import build_nupkg

SAMPLE = re.compile(r'^granary_http_requests_total\{route="([^"]+)",status="([^"]+)"\} (\d+)$', re.M)


def counts(stack) -> dict[tuple[str, str], int]:
    r = stack.get("/metrics")
    assert r.status_code == 200, r.text
    return {(route, status): int(value) for route, status, value in SAMPLE.findall(r.text)}


def grown(before: dict, after: dict) -> dict:
    return {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}


def test_requests_are_counted_under_their_format(cp, domain, stack):  # noqa: F811
    cp.client().create_repository(domain=domain, repository="metered")
    repo = format_repo(cp, domain, "metered")
    before = counts(stack)
    assert repo.pypi_upload("metered-lib", "1.0.0").status_code == 200
    for _ in range(3):
        assert repo.pypi_page("metered-lib").status_code == 200
    assert repo.pypi_page("no-such-project").status_code == 404
    assert repo.npm_publish("metered-js", "1.0.0").status_code in (200, 201)
    assert repo.packument("metered-js").status_code == 200
    assert repo.npm_tarball("metered-js", "1.0.0").status_code == 200
    maven = repo.url("maven") + "com/acme/metered/"
    for method, path, body, status in (("PUT", "1.0/metered-1.0.jar", b"jar", 201),
                                       ("PUT", "maven-metadata.xml", b"<metadata><groupId>com.acme</groupId><artifactId>metered"
                                        b"</artifactId><versioning><versions><version>1.0</version></versions></versioning></metadata>", 201),
                                       ("GET", "maven-metadata.xml", None, 200), ("GET", "1.0/metered-1.0.jar.sha1", None, 200),
                                       ("GET", "2.0/metered-2.0.jar", None, 404)):
        r = requests.request(method, maven + path, data=body, headers=repo._auth(basic=True), verify=repo.ca, timeout=30)
        assert r.status_code == status, (method, path, r.status_code, r.text)
    nuget = repo.url("nuget") + "v3/"
    r = requests.put(nuget + "package", files={"package": ("p.nupkg", build_nupkg("Metered.Net", "1.0.0"))},
                     headers=repo._auth(basic=True), verify=repo.ca, timeout=30)
    assert r.status_code == 201, (r.status_code, r.reason)
    for path, status in (("index.json", 200), ("flatcontainer/metered.net/index.json", 200),
                         ("flatcontainer/metered.net/1.0.0/metered.net.1.0.0.nupkg", 200), ("flatcontainer/none/index.json", 404)):
        r = requests.get(nuget + path, headers=repo._auth(basic=True), verify=repo.ca, timeout=30)
        assert r.status_code == status, (path, r.status_code, r.reason)
    delta = grown(before, counts(stack))
    assert delta.get(("pypi", "2xx")) == 4, delta
    assert delta.get(("pypi", "4xx")) == 1, delta
    assert delta.get(("npm", "2xx")) == 3, delta
    assert delta.get(("maven", "2xx")) == 4 and delta.get(("maven", "4xx")) == 1, delta
    assert delta.get(("nuget", "2xx")) == 4 and delta.get(("nuget", "4xx")) == 1, delta
    assert ("other", "2xx") not in delta, delta
    # Every format of CodeArtifact's model has its series, whether or not Granary serves it yet.
    labels = {route for route, _ in counts(stack)}
    assert {"generic", "pypi", "npm", "maven", "nuget", "cargo", "swift", "ruby"} <= labels, labels


@pytest.mark.parametrize("route", ["generic", "pypi", "npm", "maven", "nuget"])
def test_every_format_has_a_latency_histogram(stack, route):
    text = stack.get("/metrics").text
    assert f'granary_http_request_duration_seconds_count{{route="{route}"}}' in text
