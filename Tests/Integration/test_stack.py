"""scripts/stack.sh itself: state layout, secrets' modes, idempotent `up`, status."""
import json
import stat


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_state_layout(stack):
    for d in ("mysql", "blobs", "sock", "log", "pid", "certs", "nginx"):
        assert (stack.state / d).is_dir(), d
    key = stack.state / "master.key"
    assert key.stat().st_size == 32 and mode(key) == 0o600
    assert mode(stack.state / "bootstrap.json") == 0o600
    cfg = json.loads(stack.config_path.read_text())
    assert set(cfg) == {"region", "stateDir", "blobDir", "sqlDir", "socketDir", "masterKeyFile",
                        "database", "metaThreads", "uploadThreads", "diagnostics",
                        "publicEndpoint", "shutdownGraceSeconds", "upstream", "events", "maven"}
    assert cfg["diagnostics"] is True
    # The harness's webhook receivers listen on loopback (GRANARY_EVENTS_*).
    assert cfg["events"] == {"retryInitialSeconds": 0.5, "retryMaximumSeconds": 2.0, "allowNetworks": ["127.0.0.1/32"]}
    # The harness points public:pypi, public:npmjs and public:maven-central at local servers (GRANARY_CONNECTION_*).
    assert cfg["upstream"]["connections"] == {
        "public:pypi": f"http://127.0.0.1:{stack.public_pypi_port}/simple/",
        "public:npmjs": f"http://127.0.0.1:{stack.public_npm_port}/",
        "public:maven-central": f"http://127.0.0.1:{stack.public_maven_port}/maven2/"}
    assert cfg["upstream"]["metadataTTLSeconds"] == 2
    assert cfg["maven"] == {"snapshotBuildsKept": 3}  # GRANARY_MAVEN_SNAPSHOT_BUILDS
    assert cfg["stateDir"] == str(stack.state)
    assert cfg["database"]["password"]


def test_up_again_changes_nothing(stack):
    pids = {p.name: p.read_text() for p in (stack.state / "pid").glob("*.pid")}
    config = stack.config_path.read_text()
    env = (stack.state / "env").read_text()
    first = stack.stack("up")
    second = stack.stack("up")
    assert first.stdout == second.stdout
    assert {p.name: p.read_text() for p in (stack.state / "pid").glob("*.pid")} == pids
    assert stack.config_path.read_text() == config
    assert (stack.state / "env").read_text() == env
    assert "created" not in second.stderr


def test_status(stack):
    proc = stack.stack("status")
    assert proc.stdout.count("running") == 5, proc.stdout  # mariadbd, 2 workers, nginx, the dispatcher
    assert "dispatch-0 running" in proc.stdout
