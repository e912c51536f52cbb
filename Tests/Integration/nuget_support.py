"""Debian's nuget 2.8.7 (NuGet.exe on mono) as the NuGet client tests drive it: one HOME per
client (NuGet.Config with the source's credentials in clear text, mono's trust store holding the
stack's CA), every command under a pseudo-terminal (nuget_pty.py: without one NuGet.exe prints
blank lines forever) with -NonInteractive and a timeout. What the client does, request by
request: docs/clients/nuget.md."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from client_support import PackageRepo

PTY = Path(__file__).with_name("nuget_pty.py")


class NuGetClient:
    def __init__(self, repo: PackageRepo, home: Path, token: str | None = None):
        self.repo, self.home = repo, home
        home.mkdir(parents=True, exist_ok=True)
        # mono checks the name against the certificate: `localhost`, as the stack's certificate names it.
        self.source = (repo.endpoint("nuget") + "v2/").replace("://127.0.0.1:", "://localhost:")
        self.token = token or repo.token()
        subprocess.run(["cert-sync", "--user", repo.stack.ca_bundle], env=self.env, check=True, capture_output=True, timeout=60)
        self.write_config(self.token)

    @property
    def env(self) -> dict:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TMPDIR")}
        return keep | {"HOME": str(self.home)}

    def write_config(self, password: str) -> None:
        """NuGet.Config as `nuget sources add … -StorePasswordInClearText` writes it (no nuget.org)."""
        config = self.home / ".config" / "NuGet" / "NuGet.Config"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="granary" value={quoteattr(self.source)} />
  </packageSources>
  <packageSourceCredentials>
    <granary>
      <add key="Username" value="aws" />
      <add key="ClearTextPassword" value={quoteattr(password)} />
    </granary>
  </packageSourceCredentials>
</configuration>
""")

    def nuget(self, *args: str, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(PTY), *args, "-NonInteractive"], cwd=cwd or self.home, env=self.env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def push(self, package: Path, api_key: str | None = None) -> subprocess.CompletedProcess:
        """From the package's folder: nuget 2.8.7 on mono takes an absolute package path for a relative one."""
        return self.nuget("push", package.name, "-Source", self.source, "-ApiKey", api_key or self.token, cwd=package.parent)

    def list(self, *terms: str, all_versions: bool = False, prerelease: bool = False) -> list[tuple[str, str]]:
        """`nuget list` (which exits 0 even when it fails: the output tells)."""
        args = ["list", *terms, "-Source", self.source] + (["-AllVersions"] if all_versions else []) + (["-Prerelease"] if prerelease else [])
        proc = self.nuget(*args)
        lines = [line.split() for line in proc.stdout.splitlines() if line.strip()]
        assert "No packages found." not in proc.stdout or not any(len(l) == 2 for l in lines), proc.stdout
        return [(l[0], l[1]) for l in lines if len(l) == 2 and not l[0].endswith(":")]

    def install(self, package: str, version: str | None = None, prerelease: bool = False) -> subprocess.CompletedProcess:
        args = ["install", package, "-Source", self.source, "-OutputDirectory", str(self.out), "-NoCache"]
        args += (["-Version", version] if version else []) + (["-Prerelease"] if prerelease else [])
        return self.nuget(*args)

    @property
    def out(self) -> Path:
        return self.home / "packages"


@pytest.fixture
def nugets(repository, tmp_path):
    """new(name) → a NuGetClient with a HOME of its own."""
    def new(name: str, token: str | None = None) -> NuGetClient:
        return NuGetClient(repository, tmp_path / "nuget-homes" / name, token)
    return new
