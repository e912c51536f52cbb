#!/usr/bin/env python3
"""Seed the PyPI and npm rows of bench/run.sh.

    seed_formats.py wheels DIR [COUNT]
        writes COUNT (200) minimal valid wheels bench_pkg-1.0.N-py3-none-any.whl into DIR
        (METADATA 2.1, WHEEL, RECORD); the same files are uploaded to Granary and served by
        pypiserver, so both project pages list the same 200 files.
    seed_formats.py pypi ENDPOINT TOKEN DIR
        uploads every wheel of DIR twine-style (multipart POST at the repository endpoint,
        HTTP Basic aws:TOKEN), then checks that simple/bench-pkg/ lists them all, in HTML and JSON.
    seed_formats.py npm ENDPOINT TOKEN [COUNT]
        publishes COUNT (200) versions of bench-pkg (PUT /bench-pkg with the tarball in
        _attachments, Bearer TOKEN), then checks both packument forms list them all.
    seed_formats.py maven ENDPOINT TOKEN JAR_1K JAR_1M [COUNT]
        deploys COUNT (200) versions of com.bench:bench-lib as `mvn deploy` does (PUT of the jar,
        the POM, their .sha1 files and maven-metadata.xml, HTTP Basic aws:TOKEN); versions 1.0.0 and
        1.0.1 carry the bytes of JAR_1K and JAR_1M (the bench's 1 KiB and 1 MiB blobs, so the static
        nginx serves the same files), then checks that maven-metadata.xml lists them all.
    seed_formats.py nuget ENDPOINT TOKEN [COUNT]
        pushes COUNT (200) versions of Bench.Pkg as `dotnet nuget push` does (multipart PUT to
        v3/package, HTTP Basic aws:TOKEN; packages built by Tests/Integration/nupkg_builder.py),
        then checks that the flat container's index.json lists them all.
    seed_formats.py check-pypiserver URL COUNT [LABEL]
        checks that pypiserver's page at URL links COUNT files.

Uploads reuse one keep-alive session: 200 versions take a few seconds.
"""
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import requests

PROJECT = "bench-pkg"
DIST = "bench_pkg"


def versions(count):
    return [f"1.0.{n}" for n in range(count)]


def wheel_bytes(version, project=PROJECT):
    dist = project.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{dist}/__init__.py": f'__version__ = "{version}"\n'.encode(),
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n"
            f"Summary: Granary bench package, version {version}\nRequires-Python: >=3.8\n").encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: granary-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
    return out.getvalue()


def cmd_wheels(directory, count=200):
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    for v in versions(int(count)):
        (d / f"{DIST}-{v}-py3-none-any.whl").write_bytes(wheel_bytes(v))


def fail(message):
    sys.exit(f"seed_formats: {message}")


def checked(response, what):
    if response.status_code >= 300:
        fail(f"{what}: HTTP {response.status_code}: {response.text[:300]}")
    return response


def twine_upload(session, endpoint, project, version, data, filename):
    """One file, as twine uploads it: a multipart POST at the repository endpoint."""
    fields = {
        ":action": "file_upload", "protocol_version": "1", "name": project, "version": version,
        "filetype": "bdist_wheel", "pyversion": "py3", "metadata_version": "2.1",
        "sha256_digest": hashlib.sha256(data).hexdigest(), "md5_digest": hashlib.md5(data).hexdigest(),
    }
    return session.post(endpoint, data=fields, files={"content": (filename, data, "application/octet-stream")}, timeout=60)


def cmd_pypi(endpoint, token, directory):
    endpoint = endpoint.rstrip("/") + "/"
    s = requests.Session()
    s.auth = ("aws", token)
    wheels = sorted(Path(directory).glob("*.whl"))
    if not wheels:
        fail(f"no wheels in {directory}")
    started = time.monotonic()
    for w in wheels:
        checked(twine_upload(s, endpoint, PROJECT, w.name.split("-")[1], w.read_bytes(), w.name), f"upload of {w.name}")
    uploaded = time.monotonic() - started
    page = checked(s.get(endpoint + f"simple/{PROJECT}/", timeout=30), "project page")
    links = len(re.findall(r"<a ", page.text))
    if links != len(wheels):
        fail(f"project page links {links} files, expected {len(wheels)}")
    js_response = checked(s.get(endpoint + f"simple/{PROJECT}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"},
                                timeout=30), "JSON project page")
    js = js_response.json()
    if len(js.get("files", [])) != len(wheels):
        fail(f"JSON project page lists {len(js.get('files', []))} files, expected {len(wheels)}")
    print(f"pypi: {len(wheels)} wheels uploaded in {uploaded:.1f}s; page {len(page.content)} bytes HTML,"
          f" {len(js_response.content)} bytes JSON", file=sys.stderr)


def npm_tarball(version, project=PROJECT):
    manifest = json.dumps({"name": project, "version": version, "description": f"Granary bench package {version}",
                           "main": "index.js", "license": "MIT"}, indent=2).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tf:
        for name, data in (("package/package.json", manifest), ("package/index.js", b"module.exports = 1;\n")):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 1704067200, 0o644
            tf.addfile(ti, io.BytesIO(data))
    return out.getvalue()


def npm_publish(session, endpoint, project, version):
    """One version, as `npm publish` sends it: a PUT of the packument with the tarball in _attachments."""
    tgz = npm_tarball(version, project)
    manifest = {
        "name": project, "version": version, "description": f"Granary bench package {version}", "main": "index.js",
        "license": "MIT", "dependencies": {"left-pad": "^1.3.0"},
        "dist": {"shasum": hashlib.sha1(tgz).hexdigest(),
                 "integrity": "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()},
    }
    body = {
        "_id": project, "name": project, "description": manifest["description"], "dist-tags": {"latest": version},
        "versions": {version: manifest},
        "_attachments": {f"{project}-{version}.tgz": {"content_type": "application/octet-stream",
                                                     "data": base64.b64encode(tgz).decode(), "length": len(tgz)}},
    }
    return session.put(endpoint + project, json=body, timeout=60)


def cmd_npm(endpoint, token, count=200):
    endpoint = endpoint.rstrip("/") + "/"
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    started = time.monotonic()
    all_versions = versions(int(count))
    for v in all_versions:
        checked(npm_publish(s, endpoint, PROJECT, v), f"npm publish of {v}")
    published = time.monotonic() - started
    sizes = []
    for accept in ("application/vnd.npm.install-v1+json", "application/json"):
        r = checked(s.get(endpoint + PROJECT, headers={"Accept": accept}, timeout=30), f"packument ({accept})")
        got = r.json().get("versions", {})
        if len(got) != len(all_versions):
            fail(f"packument ({accept}) lists {len(got)} versions, expected {len(all_versions)}")
        sizes.append(len(r.content))
    print(f"npm: {len(all_versions)} versions published in {published:.1f}s; packument {sizes[0]} bytes abbreviated,"
          f" {sizes[1]} bytes full", file=sys.stderr)


MAVEN_GROUP, MAVEN_ARTIFACT = "com.bench", "bench-lib"


def maven_pom(version):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
            f"  <modelVersion>4.0.0</modelVersion>\n  <groupId>{MAVEN_GROUP}</groupId>\n"
            f"  <artifactId>{MAVEN_ARTIFACT}</artifactId>\n  <version>{version}</version>\n"
            f"  <packaging>jar</packaging>\n  <name>Granary bench library {version}</name>\n</project>\n").encode()


def maven_metadata(version):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<metadata>\n  <groupId>{MAVEN_GROUP}</groupId>\n'
            f"  <artifactId>{MAVEN_ARTIFACT}</artifactId>\n  <versioning>\n    <latest>{version}</latest>\n"
            f"    <release>{version}</release>\n    <versions>\n      <version>{version}</version>\n"
            f"    </versions>\n    <lastUpdated>20261204000000</lastUpdated>\n  </versioning>\n</metadata>\n").encode()


def maven_deploy(session, endpoint, version, jar):
    """One version, as `mvn deploy` sends it: each file then its .sha1, then the artifact's metadata."""
    base = f"{endpoint}{MAVEN_GROUP.replace('.', '/')}/{MAVEN_ARTIFACT}/"
    stem = f"{base}{version}/{MAVEN_ARTIFACT}-{version}"
    for url, data in ((stem + ".jar", jar), (stem + ".pom", maven_pom(version)),
                      (base + "maven-metadata.xml", maven_metadata(version))):
        checked(session.put(url, data=data, timeout=60), f"PUT {url}")
        checked(session.put(url + ".sha1", data=hashlib.sha1(data).hexdigest(), timeout=60), f"PUT {url}.sha1")


def cmd_maven(endpoint, token, jar_1k, jar_1m, count=200):
    endpoint = endpoint.rstrip("/") + "/"
    s = requests.Session()
    s.auth = ("aws", token)
    started = time.monotonic()
    all_versions = versions(int(count))
    for n, v in enumerate(all_versions):
        jar = Path(jar_1k if n == 0 else jar_1m).read_bytes() if n < 2 else zip_of({"bench/Version.txt": v.encode()})
        maven_deploy(s, endpoint, v, jar)
    deployed = time.monotonic() - started
    url = f"{endpoint}{MAVEN_GROUP.replace('.', '/')}/{MAVEN_ARTIFACT}/maven-metadata.xml"
    r = checked(s.get(url, timeout=30), "maven-metadata.xml")
    listed = re.findall(r"<version>([^<]+)</version>", r.text)
    if sorted(listed) != sorted(all_versions):
        fail(f"maven-metadata.xml lists {len(listed)} versions, expected {len(all_versions)}")
    print(f"maven: {len(all_versions)} versions deployed in {deployed:.1f}s; maven-metadata.xml {len(r.content)} bytes",
          file=sys.stderr)


def zip_of(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def cmd_nuget(endpoint, token, count=200):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Tests" / "Integration"))
    from nupkg_builder import build_nupkg
    endpoint = endpoint.rstrip("/") + "/"
    s = requests.Session()
    s.auth = ("aws", token)
    started = time.monotonic()
    all_versions = versions(int(count))
    for v in all_versions:
        data = build_nupkg("Bench.Pkg", v, files={"lib/netstandard2.0/Bench.Pkg.dll": v.encode() * 64})
        checked(s.put(endpoint + "v3/package", files={"package": ("package.nupkg", data)}, timeout=60), f"nuget push of {v}")
    pushed = time.monotonic() - started
    r = checked(s.get(endpoint + "v3/flatcontainer/bench.pkg/index.json", timeout=30), "flat container index")
    if sorted(r.json()["versions"]) != sorted(all_versions):
        fail(f"index.json lists {len(r.json()['versions'])} versions, expected {len(all_versions)}")
    print(f"nuget: {len(all_versions)} versions pushed in {pushed:.1f}s; index.json {len(r.content)} bytes", file=sys.stderr)


def cmd_check_pypiserver(url, count, label="pypiserver"):
    r = checked(requests.get(url, timeout=60), f"{label} project page")
    links = len(re.findall(r"<a ", r.text))
    if links != int(count):
        fail(f"{label} page links {links} files, expected {count}")
    print(f"{label}: page links {links} files, {len(r.content)} bytes", file=sys.stderr)


if __name__ == "__main__":
    commands = {"wheels": cmd_wheels, "pypi": cmd_pypi, "npm": cmd_npm, "maven": cmd_maven, "nuget": cmd_nuget, "check-pypiserver": cmd_check_pypiserver}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
