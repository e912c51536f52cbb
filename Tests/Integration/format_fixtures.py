"""Packages built and published over raw HTTP, for tests about what happens around the clients
(upstream chains, origin controls, package groups): real wheels (zip with METADATA) posted the
way twine posts them, real npm tarballs (gzip'd tar with package/package.json) PUT the way
`npm publish` does. The client tests drive the real pip, twine and npm."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import zipfile
from dataclasses import dataclass

import requests


def wheel(name: str, version: str, requires: tuple[str, ...] = (), note: str = "") -> tuple[str, bytes]:
    """(file name, bytes) of a minimal valid wheel; NOTE changes the bytes."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = (f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {name} {note}\n"
                + "".join(f"Requires-Dist: {r}\n" for r in requires))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{dist}/__init__.py", f"NOTE = {note!r}\n")
        z.writestr(f"{info}/METADATA", metadata)
        z.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: granary-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{info}/RECORD", "")
    return f"{dist}-{version}-py3-none-any.whl", out.getvalue()


def npm_tarball(name: str, version: str, dependencies: dict | None = None, note: str = "") -> bytes:
    manifest = {"name": name, "version": version, "description": note or name, "license": "MIT",
                "dependencies": dependencies or {}}
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for path, text in (("package/package.json", json.dumps(manifest)), ("package/index.js", f"// {note}\n")):
            data = text.encode()
            member = tarfile.TarInfo(path)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return out.getvalue()


@dataclass
class FormatRepo:
    """One repository's package endpoints, with a token."""
    base: str        # https://host:port/d/{domain}-{owner}
    name: str
    token: str
    ca: str

    def url(self, fmt: str) -> str:
        return f"{self.base}/{fmt}/{self.name}/"

    def _auth(self, basic: bool = False) -> dict:
        if basic:
            return {"Authorization": "Basic " + base64.b64encode(f"aws:{self.token}".encode()).decode()}
        return {"Authorization": f"Bearer {self.token}"}

    # ---------------------------------------------------------------- PyPI
    def pypi_upload(self, name: str, version: str, **kw) -> requests.Response:
        filename, data = wheel(name, version, **kw)
        fields = {":action": "file_upload", "protocol_version": "1", "name": name, "version": version,
                  "filetype": "bdist_wheel", "pyversion": "py3", "metadata_version": "2.1",
                  "sha256_digest": hashlib.sha256(data).hexdigest()}
        return requests.post(self.url("pypi"), data=fields, files={"content": (filename, data)},
                             headers=self._auth(basic=True), verify=self.ca, timeout=60)

    def pypi_page(self, project: str) -> requests.Response:
        return requests.get(self.url("pypi") + f"simple/{project}/", headers=self._auth(basic=True)
                            | {"Accept": "application/vnd.pypi.simple.v1+json"}, verify=self.ca, timeout=60)

    def pypi_versions(self, project: str) -> list[str]:
        r = self.pypi_page(project)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["versions"]

    def pypi_download(self, project: str, version: str) -> requests.Response:
        filename = f"{project.replace('-', '_')}-{version}-py3-none-any.whl"
        return requests.get(self.url("pypi") + f"files/{project}/{version}/{filename}", headers=self._auth(basic=True),
                            verify=self.ca, timeout=60)

    # ---------------------------------------------------------------- npm
    def npm_publish(self, name: str, version: str, tag: str = "latest", **kw) -> requests.Response:
        data = npm_tarball(name, version, **kw)
        file = f"{name.split('/')[-1]}-{version}.tgz"
        body = {"_id": name, "name": name, "dist-tags": {tag: version},
                "versions": {version: {"name": name, "version": version, "description": kw.get("note") or name,
                                       "dependencies": kw.get("dependencies") or {},
                                       "dist": {"shasum": hashlib.sha1(data).hexdigest()}}},
                "_attachments": {file: {"content_type": "application/octet-stream",
                                        "data": base64.b64encode(data).decode(), "length": len(data)}}}
        return requests.put(self.url("npm") + name.replace("/", "%2f"), json=body, headers=self._auth(),
                            verify=self.ca, timeout=60)

    def packument(self, name: str) -> requests.Response:
        return requests.get(self.url("npm") + name.replace("/", "%2f"), headers=self._auth(), verify=self.ca, timeout=60)

    def npm_tarball(self, name: str, version: str) -> requests.Response:
        return requests.get(self.url("npm") + f"{name}/-/{name.split('/')[-1]}-{version}.tgz", headers=self._auth(),
                            verify=self.ca, timeout=60)


def format_repo(cp, domain: str, repository: str) -> FormatRepo:
    client = cp.client()
    token = client.get_authorization_token(domain=domain)["authorizationToken"]
    owner = cp.admin.account
    return FormatRepo(f"{cp.stack.https}/d/{domain}-{owner}", repository, token, cp.stack.ca_bundle)


def make_repos(cp, domain: str, *names: str, upstreams: dict | None = None) -> dict:
    """Repositories NAMES in DOMAIN, with UPSTREAMS ({name: [upstream, …]}), as FormatRepos."""
    c = cp.client()
    for name in names:
        c.create_repository(domain=domain, repository=name)
    for name, ups in (upstreams or {}).items():
        c.update_repository(domain=domain, repository=name, upstreams=[{"repositoryName": u} for u in ups])
    return {name: format_repo(cp, domain, name) for name in names}
