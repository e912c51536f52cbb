"""The state directory is private (issue 11, item 5): made 0700 by scripts/stack.sh, nothing below
it open to other users (blobs, pages, logs, certificates, keys, MariaDB's files, worker sockets),
the fallback socket directory under /tmp made by mktemp -d and checked when reused, an older
state directory fixed by the next `up`, and presigned URLs' signatures kept out of the access log.
A local user who could connect to a worker socket could speak FastCGI and forge REMOTE_ADDR or
HTTPS; the outsider tests run as such a user (`nobody`, or one made with useradd)."""
import hashlib
import os
import pwd
import secrets
import socket
import stat
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from conftest import STACK_SCRIPT, free_port

OUTSIDER_NAMES = ("nobody", "granary-outsider")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def open_to_others(*roots: Path) -> list:
    """Every file, directory or socket at or below ROOTS with a group or other permission bit."""
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            try:
                info = path.lstat()
            except FileNotFoundError:  # a temporary file that went meanwhile
                continue
            if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                found.append(f"{oct(stat.S_IMODE(info.st_mode))} {path}")
    return found


def socket_root(state: Path) -> list:
    marker = state / "socket-root"
    return [Path(marker.read_text().strip())] if marker.exists() else []


@pytest.fixture(scope="module")
def outsider():
    """An unprivileged local user: (uid, gid)."""
    for name in OUTSIDER_NAMES:
        try:
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
        except KeyError:
            pass
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    OUTSIDER_NAMES[-1]], check=True)
    entry = pwd.getpwnam(OUTSIDER_NAMES[-1])
    return entry.pw_uid, entry.pw_gid


def as_outsider(outsider, code: str) -> subprocess.CompletedProcess:
    """Runs python CODE as the outsider (no supplementary groups)."""
    uid, gid = outsider
    return subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                           "/usr/bin/python3", "-c", code],
                          capture_output=True, text=True, timeout=30, cwd="/")


def outsider_connects(outsider, path: str) -> subprocess.CompletedProcess:
    return as_outsider(outsider, f"import socket; s = socket.socket(socket.AF_UNIX); s.connect({path!r}); print('connected')")


def outsider_reads(outsider, path: Path) -> subprocess.CompletedProcess:
    return as_outsider(outsider, f"print(len(open({str(path)!r}, 'rb').read()))")


def stack_env(base: dict, state: Path) -> dict:
    http, https = free_port(), free_port()
    while https == http:
        https = free_port()
    return dict(base, GRANARY_STATE=str(state), GRANARY_HTTP_PORT=str(http), GRANARY_HTTPS_PORT=str(https),
                GRANARY_WORKERS="1", GRANARY_META_THREADS="2", GRANARY_UPLOAD_THREADS="1",
                GRANARY_DIAGNOSTICS="1")


def run_stack(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(STACK_SCRIPT), *args], env=env, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, f"stack.sh {' '.join(args)} exited {proc.returncode}\n{proc.stderr}"
    return proc


def remove_state(env: dict) -> None:
    state = Path(env["GRANARY_STATE"])
    run_stack(env, "down", check=False)
    for root in socket_root(state):
        if root.is_dir() and not root.is_symlink():
            subprocess.run(["rm", "-rf", "--", str(root)], check=False)
    subprocess.run(["rm", "-rf", "--", str(state)], check=False)


@pytest.fixture(scope="module")
def fresh(stack):
    """A second, small stack whose state directory scripts/stack.sh made itself (the harness's
    comes from mkdtemp, 0700 before stack.sh sees it): (env, state, blob sha256)."""
    state = Path(tempfile.gettempdir()) / f"grp-{secrets.token_hex(4)}"
    env = stack_env(stack.env, state)
    try:
        run_stack(env, "up")
        port = env["GRANARY_HTTP_PORT"]
        r = requests.put(f"http://127.0.0.1:{port}/_diag/blobs", data=os.urandom(4096), timeout=30)
        assert r.status_code == 201, r.text
        yield env, state, r.json()["sha256"]
    finally:
        remove_state(env)


def blob_path(state: Path, sha256: str) -> Path:
    return state / "blobs" / "sha256" / sha256[:2] / sha256[2:4] / sha256


# ------------------------------------------------------------------------ the harness's stack

def test_nothing_below_the_state_dir_is_open_to_others(stack, blob):
    assert mode(stack.state) == 0o700
    assert open_to_others(stack.state, *socket_root(stack.state)) == []


def test_worker_sockets_are_the_users_alone(stack):
    for kind in ("meta", "upload"):
        for instance in (0, 1):
            path = Path(stack.worker_socket(kind, instance))
            info = path.lstat()
            assert stat.S_ISSOCK(info.st_mode), path
            assert info.st_uid == os.geteuid(), path
            assert stat.S_IMODE(info.st_mode) & 0o077 == 0, f"{oct(stat.S_IMODE(info.st_mode))} {path}"


def access_log(stack, *needles: str) -> tuple[str, list]:
    """The access log and its lines holding every one of NEEDLES, once there is one (nginx
    writes a line after the response)."""
    path = stack.state / "log" / "nginx-access.log"
    deadline = time.monotonic() + 5
    while True:
        text = path.read_text(errors="replace")
        lines = [ln for ln in text.splitlines() if all(n in ln for n in needles)]
        if lines or time.monotonic() > deadline:
            return text, lines
        time.sleep(0.05)


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_presigned_signature_is_not_logged(cp, domain, tls):
    url = cp.client(tls=tls).generate_presigned_url("describe_domain", Params={"domain": domain}, ExpiresIn=60)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    signature = query["X-Amz-Signature"][0]
    r = requests.get(url, verify=cp.stack.ca_bundle, timeout=10)
    assert r.status_code == 200, r.text
    text, lines = access_log(cp.stack, f"domain={domain}", "X-Amz-Credential=")
    assert lines, "the presigned request is not in the access log"
    assert signature not in text
    assert "X-Amz-Signature=REDACTED" in lines[-1]  # the rest of the query is kept


def test_session_token_in_a_query_is_not_logged(stack):
    token = secrets.token_hex(20)
    marker = secrets.token_hex(6)
    stack.get(f"/v1/domain?domain=m-{marker}&X-Amz-Security-Token={token}&X-Amz-Signature={token[:16]}")
    text, lines = access_log(stack, marker)
    assert token not in text and token[:16] not in text
    assert lines and f"domain=m-{marker}&X-Amz-Security-Token=REDACTED&X-Amz-Signature=REDACTED" in lines[-1]


def test_up_makes_an_older_state_dir_private(stack, blob):
    """A state directory from before: 0755, world-readable blobs and logs, 0666 sockets."""
    sha = blob[1]["sha256"]
    loosened = [stack.state, stack.state / "blobs", stack.state / "log", stack.blob_path(sha).parent]
    for path in loosened:
        path.chmod(0o755)
    stack.blob_path(sha).chmod(0o644)
    (stack.state / "log" / "nginx-access.log").chmod(0o644)
    (stack.state / "certs" / "ca.crt").chmod(0o644)
    for kind in ("meta", "upload"):
        Path(stack.worker_socket(kind, 0)).chmod(0o666)
    assert open_to_others(stack.state)
    stack.stack("up")
    assert mode(stack.state) == 0o700
    assert open_to_others(stack.state, *socket_root(stack.state)) == []
    assert stack.get("/healthz").status_code == 200
    assert stack.get(f"/_diag/blobs/{sha}").content == blob[0]


# ------------------------------------------------------------------------ a stack made afresh

def test_a_new_state_dir_is_made_private(fresh):
    _, state, _ = fresh
    assert mode(state) == 0o700
    assert open_to_others(state, *socket_root(state)) == []


def test_an_outsider_cannot_connect_to_a_worker_socket(fresh, outsider):
    env, state, _ = fresh
    # The method works: a socket open to all accepts the outsider.
    with tempfile.TemporaryDirectory(dir="/tmp") as d:
        os.chmod(d, 0o755)
        path = f"{d}/open.sock"
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path)
        listener.listen(1)
        os.chmod(path, 0o666)
        try:
            proc = outsider_connects(outsider, path)
            assert proc.returncode == 0 and "connected" in proc.stdout, proc.stderr
        finally:
            listener.close()
    for kind in ("meta", "upload"):
        path = state / "sock" / f"{kind}-0.sock"
        assert path.is_socket()
        proc = outsider_connects(outsider, str(path))
        assert proc.returncode != 0 and "PermissionError" in proc.stderr, (proc.stdout, proc.stderr)


def test_an_outsider_cannot_read_a_blob_or_a_secret(fresh, outsider):
    _, state, sha = fresh
    for path in (blob_path(state, sha), state / "master.key", state / "granary.json",
                 state / "log" / "nginx-access.log"):
        assert path.is_file(), path
        proc = outsider_reads(outsider, path)
        assert proc.returncode != 0 and "PermissionError" in proc.stderr, (path, proc.stdout, proc.stderr)


# ------------------------------------------------------------------------ fallback socket directory

def long_state_path() -> Path:
    """A state path too long for unix sockets under it (the stack then uses /tmp)."""
    return Path(tempfile.gettempdir()) / f"grp-{secrets.token_hex(4)}" / ("long-state-path-" * 5)


def test_a_long_state_path_gets_a_private_socket_dir_from_mktemp(stack):
    state = long_state_path()
    env = stack_env(stack.env, state)
    try:
        run_stack(env, "up")
        [root] = socket_root(state)
        info = root.lstat()
        assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
        assert stat.S_IMODE(info.st_mode) == 0o700
        # Not the name an older stack.sh derived from the state path (anyone could make that first).
        assert root.name != "granary-" + hashlib.sha256(str(state).encode()).hexdigest()[:16]
        assert (root / "sock" / "meta-0.sock").is_socket()
        assert mode(state) == 0o700 and mode(state.parent) == 0o700
        assert open_to_others(state, root) == []
        port = env["GRANARY_HTTP_PORT"]
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        # Reused (checked) by the next `up`.
        run_stack(env, "down")
        run_stack(env, "up")
        assert socket_root(state) == [root]
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        remove_state(env)
        subprocess.run(["rm", "-rf", "--", str(state.parent)], check=False)


@pytest.mark.parametrize("kind", ["symlink", "mode-0755", "foreign-owner"])
def test_an_unsafe_socket_dir_is_refused(stack, outsider, kind):
    state = long_state_path()
    env = stack_env(stack.env, state)
    planted = Path(tempfile.mkdtemp(prefix="granary-planted-", dir="/tmp"))
    target = planted / "dir"
    target.mkdir(mode=0o700)
    root = target
    if kind == "symlink":
        root = planted / "link"
        root.symlink_to(target)
    elif kind == "mode-0755":
        target.chmod(0o755)
    else:
        os.chown(target, *outsider)
    try:
        state.mkdir(parents=True, mode=0o700)
        (state / "socket-root").write_text(f"{root}\n")
        proc = run_stack(env, "up", check=False)
        assert proc.returncode != 0, proc.stderr
        assert "refusing" in proc.stderr, proc.stderr
        assert not (state / "pid").exists() or not list((state / "pid").glob("*.pid"))
        assert list(target.iterdir()) == []  # nothing was made in it
    finally:
        remove_state(env)
        subprocess.run(["rm", "-rf", "--", str(state.parent), str(planted)], check=False)
