"""The guard on what Granary fetches for users (ARCHITECTURE.md rule 10): http and https only, in
a connection's URL, in the file URLs an index names and on redirects; no loopback, link-local,
private or other special-purpose address after name resolution or on any redirect hop, except the
networks the operator allows (the harness allows 127.0.0.1/32 only, so every test registry there
is reachable and 127.0.0.2, ::1, 169.254.169.254 and 10.x are not); a file beyond
GRANARY_UPSTREAM_MAX_BYTES (16m in tests) or an index beyond GRANARY_UPSTREAM_MAX_INDEX_BYTES (4m)
aborts the transfer and nothing is stored. Each refusal is a plain 502 in the client's own shape
(npm JSON, pip's text); curl's words go to the worker log only. Canaries on the refused addresses
count connections: a refused fetch never reaches them."""
import json
import subprocess
import time

import pytest

from upstream_guard_support import (
    Canary, Connections, Registry, assert_plain_502, npm_tarball_with, packument, simple_page, worker_logs)
from format_fixtures import wheel

MIB = 1 << 20


@pytest.fixture
def connections(cp, domain):
    made = Connections(cp, domain)
    yield made
    made.close()


@pytest.fixture
def servers():
    """Starts Registry/Canary objects and closes them after the test."""
    started = []

    def start(kind, *args):
        started.append(kind(*args))
        return started[-1]
    yield start
    for server in started:
        server.close()


def logged(stack, needle: str, wait: float = 5.0) -> bool:
    deadline = time.time() + wait
    while time.time() < deadline:
        if needle in worker_logs(stack):
            return True
        time.sleep(0.1)
    return False


# ------------------------------------------------------------------ schemes
def test_index_file_urls_of_other_schemes_are_not_fetched(stack, connections, servers, tmp_path):
    registry, canary = servers(Registry), servers(Canary, "127.0.0.1")
    files = {}
    for version, scheme in (("1.0", "file"), ("1.1", "gopher"), ("1.2", "ftp"), ("1.3", "dict")):
        name, data = wheel("guarded-py", version)
        (tmp_path / name).write_bytes(data)
        canary.bodies[f"/{name}"] = data
        url = f"file://{tmp_path / name}" if scheme == "file" else f"{scheme}://127.0.0.1:{canary.port}/{name}"
        files[name] = (data, url)
    registry.serve("/simple/guarded-py/", simple_page(files), headers={"Content-Type": "text/html"})
    repo = connections.repo("pypi", registry.origin + "/simple/")
    for version in ("1.0", "1.1", "1.2", "1.3"):
        r = repo.pypi_download("guarded-py", version)
        assert_plain_502(r, "pypi")
    assert canary.hits == 0
    assert connections.versions(repo, "pypi", "guarded-py") == []
    assert logged(stack, f"file://{tmp_path}") and logged(stack, "only http:// and https://")


def test_redirects_to_other_schemes_are_not_followed(connections, servers, tmp_path):
    registry, canary = servers(Registry), servers(Canary, "127.0.0.1")
    ftp_data, file_data = npm_tarball_with("hop-pkg", "1.0.0"), npm_tarball_with("hop-pkg", "1.1.0")
    canary.bodies["/hop-pkg-1.0.0.tgz"] = ftp_data
    (tmp_path / "hop.tgz").write_bytes(file_data)
    registry.serve("/hop-pkg", packument("hop-pkg", {
        "1.0.0": (ftp_data, registry.origin + "/tarballs/hop-pkg-1.0.0.tgz"),
        "1.1.0": (file_data, registry.origin + "/tarballs/hop-pkg-1.1.0.tgz")}))
    registry.redirect("/tarballs/hop-pkg-1.0.0.tgz", f"ftp://127.0.0.1:{canary.port}/hop-pkg-1.0.0.tgz")
    registry.redirect("/tarballs/hop-pkg-1.1.0.tgz", f"file://{tmp_path / 'hop.tgz'}")
    repo = connections.repo("npm", registry.origin + "/")
    assert repo.packument("hop-pkg").status_code == 200
    for version in ("1.0.0", "1.1.0"):
        assert_plain_502(repo.npm_tarball("hop-pkg", version), "npm")
    assert canary.hits == 0
    assert "/tarballs/hop-pkg-1.0.0.tgz" in registry.seen
    assert connections.versions(repo, "npm", "hop-pkg") == []


def test_connection_urls_of_other_schemes_stop_the_binary(stack, tmp_path):
    """GRANARY_CONNECTION_<NAME> is the operator's: a non-http(s) one (or a bad allowed network)
    is refused when the configuration is loaded, by every command."""
    config = json.loads(stack.config_path.read_text())
    for upstream, fragment in (({"connections": {"public:pypi": "file:///etc/"}}, "public:pypi"),
                               ({"connections": {"public:npmjs": "gopher://127.0.0.1:70/"}}, "public:npmjs"),
                               ({"allowNetworks": ["127.0.0.1/33"]}, "127.0.0.1/33")):
        path = tmp_path / "granary.json"
        path.write_text(json.dumps(config | {"upstream": config["upstream"] | upstream}))
        proc = subprocess.run([str(stack.bin), "admin", "accounts", "list", "--config", str(path)], capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert proc.returncode != 0, (upstream, proc.stdout)
        assert fragment in proc.stderr, proc.stderr


# ------------------------------------------------------------------ addresses
@pytest.mark.parametrize("host", ["127.0.0.2", "::1"])
def test_a_registry_on_another_loopback_address_is_refused(stack, connections, servers, host):
    registry = servers(Registry, host)
    data = npm_tarball_with("loop-pkg", "1.0.0")
    registry.serve("/loop-pkg", packument("loop-pkg", {"1.0.0": (data, registry.origin + "/loop-pkg-1.0.0.tgz")}))
    registry.serve("/loop-pkg-1.0.0.tgz", data)
    repo = connections.repo("npm", registry.origin + "/")
    assert_plain_502(repo.packument("loop-pkg"), "npm")
    assert_plain_502(repo.npm_tarball("loop-pkg", "1.0.0"), "npm")
    assert registry.seen == []
    assert logged(stack, "GRANARY_UPSTREAM_ALLOW_NETWORKS")


# Each: a tarball URL (PORT4: the canary on 127.0.0.2, PORT6: the one on ::1, PORT0: on 0.0.0.0).
SPECIAL_TARGETS = {
    "loopback-127.0.0.2": "http://127.0.0.2:{PORT4}/",
    "loopback-ipv6": "http://[::1]:{PORT6}/",
    "name-resolving-to-ipv6-loopback": "http://localhost:{PORT6}/",
    "ipv4-mapped-ipv6": "http://[::ffff:127.0.0.2]:{PORT4}/",
    "decimal-ipv4": "http://2130706434:{PORT4}/",
    "this-network-0.0.0.0": "http://0.0.0.0:{PORT0}/",
    "link-local-metadata": "http://169.254.169.254/latest/",
    "private-10": "http://10.255.255.1/",
    "https-to-loopback": "https://127.0.0.2:{PORT4}/",
}


@pytest.mark.parametrize("kind", list(SPECIAL_TARGETS))
def test_file_urls_to_special_addresses_are_refused(connections, servers, kind):
    v4, v6, any4 = servers(Canary, "127.0.0.2"), servers(Canary, "::1"), servers(Canary, "0.0.0.0")
    base = SPECIAL_TARGETS[kind].format(PORT4=v4.port, PORT6=v6.port, PORT0=any4.port)
    data = npm_tarball_with("far-pkg", "1.0.0")
    for canary in (v4, v6, any4):
        canary.bodies["/far-pkg-1.0.0.tgz"] = data
    registry = servers(Registry)
    registry.serve("/far-pkg", packument("far-pkg", {"1.0.0": (data, base + "far-pkg-1.0.0.tgz")}))
    repo = connections.repo("npm", registry.origin + "/")
    assert repo.packument("far-pkg").status_code == 200
    started = time.time()
    assert_plain_502(repo.npm_tarball("far-pkg", "1.0.0"), "npm")
    assert time.time() - started < 4, "refused before any connection attempt"
    assert (v4.hits, v6.hits, any4.hits) == (0, 0, 0)
    assert connections.versions(repo, "npm", "far-pkg") == []


@pytest.mark.parametrize("what", ["file", "index"])
def test_a_redirect_from_an_allowed_registry_to_loopback_is_refused(stack, connections, servers, what):
    registry, canary = servers(Registry), servers(Canary, "127.0.0.2")
    data = npm_tarball_with("bounce-pkg", "1.0.0")
    canary.bodies["/bounce-pkg-1.0.0.tgz"] = data
    document = packument("bounce-pkg", {"1.0.0": (data, registry.origin + "/tarballs/bounce-pkg-1.0.0.tgz")})
    canary.bodies["/bounce-pkg"] = document
    if what == "index":
        registry.redirect("/bounce-pkg", f"http://127.0.0.2:{canary.port}/bounce-pkg")
    else:
        registry.serve("/bounce-pkg", document)
    registry.redirect("/tarballs/bounce-pkg-1.0.0.tgz", f"http://127.0.0.2:{canary.port}/bounce-pkg-1.0.0.tgz")
    repo = connections.repo("npm", registry.origin + "/")
    if what == "index":
        assert_plain_502(repo.packument("bounce-pkg"), "npm")
    else:
        assert repo.packument("bounce-pkg").status_code == 200
        assert_plain_502(repo.npm_tarball("bounce-pkg", "1.0.0"), "npm")
    assert canary.hits == 0
    assert connections.versions(repo, "npm", "bounce-pkg") == []
    assert logged(stack, "127.0.0.2 (loopback)")


# ------------------------------------------------------------------ sizes
@pytest.mark.parametrize("framing", ["content-length", "close-delimited"])
def test_an_oversized_file_is_refused_and_nothing_is_stored(stack, connections, servers, framing):
    registry = servers(Registry)
    data = npm_tarball_with("huge-pkg", "1.0.0", padding=17 * MIB)
    assert len(data) > 16 * MIB
    registry.serve("/huge-pkg", packument("huge-pkg", {"1.0.0": (data, registry.origin + "/huge-pkg-1.0.0.tgz")}))
    if framing == "content-length":
        registry.serve("/huge-pkg-1.0.0.tgz", data)
    else:
        registry.serve("/huge-pkg-1.0.0.tgz", lambda out: out.write(data))
    repo = connections.repo("npm", registry.origin + "/")
    blobs_before = stack.blob_files()
    assert repo.packument("huge-pkg").status_code == 200
    assert_plain_502(repo.npm_tarball("huge-pkg", "1.0.0"), "npm")
    assert "/huge-pkg-1.0.0.tgz" in registry.seen
    assert connections.versions(repo, "npm", "huge-pkg") == []
    assert stack.blob_files() == blobs_before
    assert stack.tmp_files() == set()


def test_an_oversized_index_document_is_refused(connections, servers):
    registry = servers(Registry)
    data = npm_tarball_with("wordy-pkg", "1.0.0")
    registry.serve("/wordy-pkg", packument("wordy-pkg", {"1.0.0": (data, registry.origin + "/wordy-pkg-1.0.0.tgz")},
                                           extra={"readme": "x" * (5 * MIB)}))
    registry.serve("/wordy-pkg-1.0.0.tgz", data)
    repo = connections.repo("npm", registry.origin + "/")
    assert_plain_502(repo.packument("wordy-pkg"), "npm")
    assert_plain_502(repo.npm_tarball("wordy-pkg", "1.0.0"), "npm")
    assert "/wordy-pkg-1.0.0.tgz" not in registry.seen


# ------------------------------------------------------------------ what the client and the log get
@pytest.mark.parametrize("fmt", ["npm", "pypi"])
def test_curl_text_goes_to_the_log_with_the_request_id_not_to_the_client(stack, cp, connections, servers, fmt):
    """An allowed registry that is down: the client's 502 says nothing of the transport; the
    worker log has curl's words on the line of the request's id (the one nginx logged)."""
    closed = servers(Registry)
    url = closed.origin + ("/simple/" if fmt == "pypi" else "/")
    closed.close()
    repo = connections.repo(fmt, url)
    r = repo.packument("down-pkg") if fmt == "npm" else repo.pypi_page("down-pkg")
    assert_plain_502(r, fmt)
    path = f"/{fmt}/{repo.name}/" + ("down-pkg" if fmt == "npm" else "simple/down-pkg/")
    lines = cp.access_log_lines(path, " 502 ", wait=5)
    assert lines, path
    request_id = lines[-1].split("rid=")[1].split()[0]
    assert logged(stack, f"request_id={request_id}")
    line = next(line for line in worker_logs(stack).splitlines() if f"request_id={request_id}" in line)
    assert "Couldn't connect to server" in line and closed.origin in line, line
