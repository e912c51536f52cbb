"""`granary admin …` against the test stack's database; every command prints JSON."""
import json
import re
import subprocess
import uuid


def find_key(obj, key):
    """All values of KEY anywhere in a JSON document."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                yield v
            yield from find_key(v, key)
    elif isinstance(obj, list):
        for v in obj:
            yield from find_key(v, key)


def new_account(stack) -> str:
    out = stack.cli("admin", "accounts", "create", "--name", f"acct-{uuid.uuid4().hex[:8]}")
    account = out["accountId"]
    assert re.fullmatch(r"[0-9]{12}", account), out
    return account


def test_accounts_create_and_list(stack):
    account = new_account(stack)
    listed = stack.cli("admin", "accounts", "list")
    assert account in list(find_key(listed, "accountId")), listed


def test_users_and_access_keys(stack):
    account = new_account(stack)
    stack.cli("admin", "users", "create", "--account", account, "--name", "u")
    users = stack.cli("admin", "users", "list", "--account", account)
    assert "u" in json.dumps(users)

    created = stack.cli("admin", "access-keys", "create", "--account", account, "--user", "u")
    key_id, secret = created["accessKeyId"], created["secretAccessKey"]
    assert re.fullmatch(r"AKIA[A-Z0-9]{16}", key_id), created
    assert len(secret) >= 30, "secret access key looks too short"

    proc = stack.cli_run("admin", "access-keys", "list", "--account", account)
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert key_id in list(find_key(listed, "accessKeyId")), listed
    assert secret not in proc.stdout and secret not in proc.stderr
    assert list(find_key(listed, "secretAccessKey")) == []


def test_access_key_for_unknown_user_fails(stack):
    account = new_account(stack)
    proc = stack.cli_run("admin", "access-keys", "create", "--account", account, "--user", "nobody")
    assert proc.returncode != 0
    assert "secretAccessKey" not in proc.stdout


def test_bootstrap_is_idempotent_and_hides_the_secret(stack):
    saved = json.loads((stack.state / "bootstrap.json").read_text())
    assert saved["created"] is True and saved["secretAccessKey"]
    again = stack.cli("admin", "bootstrap")
    assert again["created"] is False
    assert again["accountId"] == saved["accountId"]
    assert "secretAccessKey" not in again


def test_env_file_and_granary_cli(stack):
    env = stack.env_file()
    saved = json.loads((stack.state / "bootstrap.json").read_text())
    assert env["GRANARY_ENDPOINT"] == stack.http
    assert env["GRANARY_ENDPOINT_TLS"] == stack.https
    assert env["GRANARY_CA_BUNDLE"] == stack.ca_bundle
    assert env["AWS_ACCESS_KEY_ID"] == saved["accessKeyId"]
    assert env["AWS_SECRET_ACCESS_KEY"] == saved["secretAccessKey"]
    assert env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["GRANARY_ACCOUNT"] == saved["accountId"]
    # $GRANARY_CLI is the whole command: it must work with no other flag or variable.
    proc = subprocess.run(["bash", "-c", f"source {stack.state}/env && unset GRANARY_CONFIG && "
                                         "$GRANARY_CLI admin accounts list"],
                          capture_output=True, text=True, timeout=60, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert saved["accountId"] in proc.stdout
