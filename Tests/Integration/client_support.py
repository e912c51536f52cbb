"""Helpers for the package-manager client suites (test_pypi_clients.py, test_npm_clients.py,
test_format_statuses.py, test_format_bad_input.py): the real twine, pip and npm, each run in an
isolated HOME whose configuration `aws codeartifact login` wrote, against a repository of the
private stack; test distributions built offline from Tests/Fixtures/clients.

Test modules import the fixtures they use (`from client_support import repository, dists, ...`,
as the authorization suite does with authz_support): conftest.py is left as it is.
"""
from __future__ import annotations

import base64
import configparser
import hashlib
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from cp_support import AWS_CLI

if TYPE_CHECKING:
    from cp_support import ControlPlane

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "Tests" / "Fixtures" / "clients"
NPM = shutil.which("npm") or "npm"
NODE = shutil.which("node") or "node"

#: What pip sends (PEP 691): JSON preferred, HTML accepted.
PIP_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"

# The machine's environment points these at the system's bundle, the pip wheel cache, …: a client
# run sees none of them (the stack's CA and the isolated HOME replace them).
_DROPPED_PREFIXES = ("AWS_", "PIP_", "NPM_", "npm_", "TWINE_", "XDG_")
_DROPPED = {"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
            "NODE_OPTIONS", "PYTHONPATH", "PYTHONUSERBASE", "VIRTUAL_ENV"}


def normalize(name: str) -> str:
    """PEP 503 normalized project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output(proc: subprocess.CompletedProcess) -> str:
    """What a client printed, stdout then stderr."""
    return (proc.stdout or "") + (proc.stderr or "")


def explain(proc: subprocess.CompletedProcess) -> str:
    cmd = proc.args if isinstance(proc.args, str) else " ".join(str(a) for a in proc.args)
    return f"`{cmd}` exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, explain(proc)
    return proc


def failed(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """Requires a non-zero exit and every NEEDLE (a regular expression) in the output; returns it."""
    assert proc.returncode != 0, "expected a failure\n" + explain(proc)
    text = output(proc)
    for needle in needles:
        assert re.search(needle, text), f"{needle!r} not in the output\n" + explain(proc)
    return text


# ---------------------------------------------------------------------------- the repository
@dataclass
class PackageRepo:
    """A repository of a fresh domain (the `repository` fixture), seen by package managers."""
    cp: ControlPlane
    domain: str
    owner: str
    name: str
    _endpoints: dict = field(default_factory=dict)

    @property
    def stack(self):
        return self.cp.stack

    def endpoint(self, fmt: str) -> str:
        """`aws codeartifact get-repository-endpoint --format FMT`."""
        if fmt not in self._endpoints:
            out = self.cp.aws("get-repository-endpoint", "--domain", self.domain, "--domain-owner", self.owner,
                              "--repository", self.name, "--format", fmt, tls=True)
            self._endpoints[fmt] = out["repositoryEndpoint"]
        return self._endpoints[fmt]

    def token(self) -> str:
        return self.cp.client().get_authorization_token(domain=self.domain, domainOwner=self.owner)["authorizationToken"]

    def revoke(self, token: str) -> None:
        """Revokes TOKEN through the admin CLI (`granary admin tokens revoke`)."""
        self.stack.cli("admin", "tokens", "revoke", "--token", token)

    def expired_token(self) -> str:
        """A token of this domain signed with the server's key that expired a second ago."""
        from authz_support import Authz
        authz = Authz(self.stack)
        claims = authz.token_claims(self.token())
        now = int(time.time() * 1000)
        return authz.forge_token(claims[:5] + [str(now - 7_200_000), str(now - 1000)])

    # -- control plane, for this repository
    def pkg_args(self, fmt: str, package: str, namespace: str | None = None) -> list[str]:
        args = ["--domain", self.domain, "--domain-owner", self.owner, "--repository", self.name,
                "--format", fmt, "--package", package]
        return args + (["--namespace", namespace] if namespace else [])

    def aws(self, command: str, fmt: str, package: str, *args: str, namespace: str | None = None) -> dict:
        return self.cp.aws(command, *self.pkg_args(fmt, package, namespace), *args, tls=True)

    def versions(self, fmt: str, package: str, namespace: str | None = None) -> dict:
        """{version: status} of `list-package-versions` ({} when the package does not exist)."""
        proc = self.cp.aws_run("list-package-versions", *self.pkg_args(fmt, package, namespace), tls=True)
        if proc.returncode != 0:
            assert "ResourceNotFoundException" in proc.stderr, explain(proc)
            return {}
        return {v["version"]: v["status"] for v in json.loads(proc.stdout)["versions"]}

    def set_status(self, fmt: str, package: str, versions: list[str], status: str,
                   namespace: str | None = None) -> dict:
        out = self.aws("update-package-versions-status", fmt, package, "--versions", *versions,
                       "--target-status", status, namespace=namespace)
        assert out.get("failedVersions", {}) == {}, out
        assert set(out["successfulVersions"]) == set(versions), out
        return out

    # -- raw HTTP against the package endpoints
    def http(self, method: str, url: str, token: str | None = None, basic: bool = False, **kw) -> requests.Response:
        headers = dict(kw.pop("headers", {}) or {})
        if token is not None:
            headers["Authorization"] = (("Basic " + base64.b64encode(f"aws:{token}".encode()).decode())
                                        if basic else f"Bearer {token}")
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        return requests.request(method, url, headers=headers, verify=self.stack.ca_bundle, **kw)


@pytest.fixture
def repository(cp, domain) -> PackageRepo:
    """A repository `packages` in a fresh domain of the bootstrap account."""
    cp.client().create_repository(domain=domain, repository="packages")
    return PackageRepo(cp, domain, cp.admin.account, "packages")


# ---------------------------------------------------------------------------- clients
class Client:
    """One isolated HOME: `aws codeartifact login --tool T` writes its configuration there, and
    pip, twine and npm run with nothing else (the machine's PIP_*, npm_config_*, CA variables are
    dropped; the stack's CA is given explicitly)."""

    def __init__(self, repo: PackageRepo, home: Path):
        self.repo = repo
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.cache = home / "npm-cache"

    @property
    def ca(self) -> str:
        return self.repo.stack.ca_bundle

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES) and k not in _DROPPED}
        env.setdefault("PYENV_ROOT", str(Path.home() / ".pyenv"))  # pyenv's shims, with HOME moved
        return env | {
            "HOME": str(self.home), "LANG": "C.UTF-8", "NO_COLOR": "1", "TERM": "dumb",
            # twine and pip must not look for a system keyring (none here; it could block).
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PIP_NO_CACHE_DIR": "1",
            # npm: trust the stack's CA (npm 10 ignores NODE_EXTRA_CA_CERTS: its agent takes
            # `cafile`), stay quiet, never prompt.
            "NODE_EXTRA_CA_CERTS": self.ca, "npm_config_cafile": self.ca,
            "npm_config_update_notifier": "false", "npm_config_fund": "false", "npm_config_audit": "false",
            "npm_config_yes": "true", "npm_config_loglevel": "notice",
        }

    def run(self, *cmd: str, cwd: Path | None = None, timeout: float = 180, env: dict | None = None
            ) -> subprocess.CompletedProcess:
        return subprocess.run([str(c) for c in cmd], env=env or self.env, cwd=cwd or self.home, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    # -- aws codeartifact login
    def login(self, tool: str, repo: PackageRepo | None = None) -> subprocess.CompletedProcess:
        """`aws codeartifact login --tool TOOL` into this HOME (exit 0 required)."""
        repo = repo or self.repo
        env = repo.cp.aws_env() | {"HOME": str(self.home)}
        env.update({k: v for k, v in self.env.items() if k.startswith(("NODE_", "PYTHON_KEYRING"))})
        for k in [k for k in env if k.startswith(("PIP_", "npm_", "NPM_")) or k in ("XDG_CONFIG_HOME",)]:
            del env[k]
        proc = self.run(AWS_CLI, "--endpoint-url", repo.cp.endpoint(tls=True), "codeartifact", "login",
                        "--tool", tool, "--domain", repo.domain, "--domain-owner", repo.owner,
                        "--repository", repo.name, env=env, timeout=120)
        ok(proc)
        assert "Successfully configured" in proc.stdout, explain(proc)
        return proc

    # -- what login wrote
    @property
    def pip_conf(self) -> Path:
        return self.home / ".config" / "pip" / "pip.conf"

    def pip_index_url(self) -> str:
        conf = configparser.ConfigParser()
        conf.read(self.pip_conf)
        return conf["global"]["index-url"]

    def set_pip_token(self, token: str) -> None:
        """Rewrites the token in the index URL login wrote."""
        url = re.sub(r"//aws:[^@]*@", f"//aws:{token}@", self.pip_index_url())
        self.pip_conf.write_text(f"[global]\nindex-url = {url}\n")

    @property
    def pypirc(self) -> Path:
        return self.home / ".pypirc"

    def set_twine_token(self, token: str) -> None:
        conf = configparser.ConfigParser()
        conf.read(self.pypirc)
        conf["codeartifact"]["password"] = token
        with self.pypirc.open("w") as f:
            conf.write(f)

    @property
    def npmrc(self) -> Path:
        return self.home / ".npmrc"

    def npm_token(self) -> str:
        m = re.search(r"^//.*:_authToken=(.*)$", self.npmrc.read_text(), re.M)
        assert m, self.npmrc.read_text()
        return m.group(1).strip()

    def set_npm_token(self, token: str) -> None:
        text = re.sub(r"(?m)^(//.*:_authToken=).*$", lambda m: m.group(1) + token, self.npmrc.read_text())
        self.npmrc.write_text(text)

    # -- the clients
    def pip(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "pip", *args, "--cert", self.ca, **kw)

    def pip_install(self, *requirements: str, target: Path | None = None, **kw) -> subprocess.CompletedProcess:
        """`pip install --target DIR REQS` (a directory of its own, nothing else installed)."""
        target = target or self.home / "site"
        return self.pip("install", "--no-input", "--target", str(target), "--no-cache-dir", *requirements, **kw)

    def twine(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "twine", *args, **kw)

    def twine_upload(self, *files: Path, extra: tuple = ()) -> subprocess.CompletedProcess:
        """`twine upload --repository codeartifact` (the section login wrote) of FILES."""
        return self.twine("upload", "--repository", "codeartifact", "--cert", self.ca, "--non-interactive",
                          "--disable-progress-bar", *extra, *[str(f) for f in files])

    def npm(self, *args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
        return self.run(NPM, *args, cwd=cwd, **kw)

    def npm_json(self, *args: str, cwd: Path | None = None):
        proc = ok(self.npm(*args, "--json", cwd=cwd))
        return json.loads(proc.stdout) if proc.stdout.strip() else None


@pytest.fixture
def clients(repository, tmp_path):
    """new(name="…") → a Client with a fresh HOME under the test's tmp_path."""
    made = []

    def new(name: str | None = None) -> Client:
        c = Client(repository, tmp_path / "homes" / (name or f"home{len(made)}"))
        made.append(c)
        return c

    return new


# ---------------------------------------------------------------------------- distributions
def render_template(src: Path, dest: Path, **values: str) -> Path:
    """Copies the template directory SRC to DEST, substituting $names (string.Template) in every file."""
    shutil.copytree(src, dest)
    for path in dest.rglob("*"):
        if path.is_file():
            path.write_text(string.Template(path.read_text()).safe_substitute(values))
    return dest


@dataclass(frozen=True)
class Dist:
    """A built PyPI project version: its wheel and sdist."""
    project: str
    version: str
    wheel: Path
    sdist: Path
    readme: str

    @property
    def files(self) -> list[Path]:
        return [self.wheel, self.sdist]

    def wheel_metadata(self) -> bytes:
        with zipfile.ZipFile(self.wheel) as z:
            name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            return z.read(name)

    def sdist_pkg_info(self) -> bytes:
        with tarfile.open(self.sdist) as t:
            member = min((m for m in t.getmembers() if m.name.endswith("/PKG-INFO")), key=lambda m: m.name.count("/"))
            return t.extractfile(member).read()


class DistBuilder:
    """Builds (once per session for each project, version and note) wheels and sdists with
    `python -m build --no-isolation` from Tests/Fixtures/clients/pypi/PROJECT."""

    def __init__(self, root: Path):
        self.root = root
        self._built: dict = {}

    def __call__(self, project: str, version: str, note: str = "") -> Dist:
        key = (project, version, note)
        if key not in self._built:
            work = self.root / f"{project}-{version}-{hashlib.sha1(note.encode()).hexdigest()[:8]}"
            src = render_template(FIXTURES / "pypi" / project, work / "src", version=version, note=note)
            shutil.copy(FIXTURES / "pypi" / "LICENSE", src / "LICENSE")
            env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
            proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist"),
                                   str(src)], capture_output=True, text=True, timeout=300, env=env,
                                  stdin=subprocess.DEVNULL)
            ok(proc)
            wheel = next((work / "dist").glob("*.whl"))
            sdist = next((work / "dist").glob("*.tar.gz"))
            self._built[key] = Dist(project, version, wheel, sdist, (src / "README.md").read_text())
        return self._built[key]


@pytest.fixture(scope="session")
def dists(tmp_path_factory) -> DistBuilder:
    """dists(project, version, note="") → Dist (granary-demo-lib, granary-demo-app)."""
    return DistBuilder(tmp_path_factory.mktemp("pypi-dists"))


@dataclass(frozen=True)
class NpmPackage:
    name: str          # as npm spells it: granary-demo-lib, @acme/granary-demo-app
    version: str
    dir: Path
    readme: str

    @property
    def namespace(self) -> str | None:
        return self.name[1:].split("/")[0] if self.name.startswith("@") else None

    @property
    def bare_name(self) -> str:
        return self.name.split("/")[-1]


NPM_NAMES = {"granary-demo-lib": "granary-demo-lib", "granary-demo-app": "@acme/granary-demo-app"}


@pytest.fixture
def npm_package(tmp_path):
    """npm_package(project, version, note="") → an NpmPackage directory to publish from."""
    def make(project: str, version: str, note: str = "") -> NpmPackage:
        dest = tmp_path / "npm-src" / f"{project}-{version}-{hashlib.sha1(note.encode()).hexdigest()[:8]}"
        if not dest.exists():
            render_template(FIXTURES / "npm" / project, dest, version=version, note=note)
        return NpmPackage(NPM_NAMES[project], version, dest, (dest / "README.md").read_text())
    return make


# ---------------------------------------------------------------------------- PyPI simple pages
class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._current = dict(attrs) | {"text": ""}
            self.anchors.append(self._current)

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._current = None


def anchors(html: str) -> list[dict]:
    """The <a> elements of a page: their attributes plus "text"."""
    parser = _Anchors()
    parser.feed(html)
    return parser.anchors


def simple_url(repo: PackageRepo, project: str) -> str:
    return repo.endpoint("pypi") + f"simple/{normalize(project)}/"


@dataclass
class SimpleFile:
    filename: str
    url: str          # absolute, resolved against the page
    sha256: str
    yanked: bool
    metadata: str | None  # the data-core-metadata / core-metadata value ("sha256=…"), if any


def simple_files(repo: PackageRepo, project: str, token: str, as_json: bool = False) -> list[SimpleFile]:
    """The files on PROJECT's simple page (HTML, or PEP 691 JSON), checked for the shape pip needs."""
    page = simple_url(repo, project)
    r = repo.http("GET", page, token, basic=True,
                  headers={"Accept": SIMPLE_JSON if as_json else "text/html"})
    assert r.status_code == 200, (page, r.status_code, r.text[:300])
    files = []
    if as_json:
        assert r.headers.get("Content-Type", "").startswith(SIMPLE_JSON), r.headers
        body = r.json()
        assert body["meta"]["api-version"].startswith("1."), body
        assert body["name"] == normalize(project), body
        for f in body["files"]:
            meta = f.get("core-metadata", f.get("dist-info-metadata"))
            files.append(SimpleFile(f["filename"], urljoin(page, f["url"]), f["hashes"]["sha256"],
                                    bool(f.get("yanked", False)),
                                    ("sha256=" + meta["sha256"]) if isinstance(meta, dict) else None))
    else:
        assert r.headers.get("Content-Type", "").startswith(("text/html", "application/vnd.pypi.simple.v1+html")), r.headers
        for a in anchors(r.text):
            href = a["href"]
            assert not urlsplit(href).scheme and not href.startswith("/"), f"file links must be relative: {href}"
            url, _, fragment = href.partition("#")
            assert fragment.startswith("sha256="), f"link without #sha256=: {href}"
            files.append(SimpleFile(a["text"].strip(), urljoin(page, url), fragment[len("sha256="):],
                                    "data-yanked" in a,
                                    a.get("data-core-metadata") or a.get("data-dist-info-metadata")))
    return files
