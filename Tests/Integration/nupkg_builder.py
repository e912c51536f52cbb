#!/usr/bin/env python3
"""Build small, real-looking .nupkg files for the NuGet tests (Python 3 stdlib only).

A .nupkg is an OPC (System.IO.Packaging) zip, laid out the way `nuget pack` / `dotnet pack` write it:

    id.nuspec                                             the manifest (named by the lower-cased id)
    _rels/.rels                                           relationships: manifest + core properties
    [Content_Types].xml                                   a content type for every part (OPC requires it)
    package/services/metadata/core-properties/HEX.psmdcp  Dublin Core copy of id/version/authors/description
    README.md, lib/..., any `files`                       the payload

NuGet 2.8.7 (Debian's mono client) reads packages through System.IO.Packaging, which refuses a part
with no content type, so every extension in the zip gets a <Default> entry and extension-less parts an
<Override>. The output is deterministic (fixed timestamps, psmdcp name derived from id+version): the
same arguments give the same bytes, which the "identical re-publish is idempotent" tests rely on.

    build_nupkg("Granary.Demo", "1.0.0",
                dependencies=[(".NETStandard2.0", [("Granary.Dep", "[1.0.0, )")]), (None, [("Other", "2.0.0")])],
                license_expression="MIT", readme="# Demo\n", files={"lib/netstandard2.0/Demo.dll": b"..."})

CLI: python3 nupkg_builder.py OUT_DIR ID VERSION [--dep [TFM:]ID:RANGE ...]  -> writes OUT_DIR/id.version.nupkg
"""
import hashlib
import io
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

NUSPEC_NS = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def _nuspec(package_id, version, authors, description, dependencies, license_expression, readme):
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<package xmlns="{NUSPEC_NS}">',
        "  <metadata>",
        f"    <id>{escape(package_id)}</id>",
        f"    <version>{escape(version)}</version>",
        f"    <authors>{escape(authors)}</authors>",
        "    <requireLicenseAcceptance>false</requireLicenseAcceptance>",
    ]
    if license_expression:
        lines.append(f'    <license type="expression">{escape(license_expression)}</license>')
        lines.append(f"    <licenseUrl>https://licenses.nuget.org/{escape(license_expression)}</licenseUrl>")
    if readme is not None:
        lines.append("    <readme>README.md</readme>")
    lines.append(f"    <description>{escape(description)}</description>")
    if dependencies:
        lines.append("    <dependencies>")
        for framework, deps in dependencies:
            attr = f" targetFramework={quoteattr(framework)}" if framework else ""
            if not deps:
                lines.append(f"      <group{attr} />")
                continue
            lines.append(f"      <group{attr}>")
            for dep_id, dep_range in deps:
                version_attr = f" version={quoteattr(dep_range)}" if dep_range else ""
                lines.append(f"        <dependency id={quoteattr(dep_id)}{version_attr} />")
            lines.append("      </group>")
        lines.append("    </dependencies>")
    lines += ["  </metadata>", "</package>", ""]
    return "\n".join(lines).encode("utf-8")


def _content_types(part_names):
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "psmdcp": "application/vnd.openxmlformats-package.core-properties+xml"}
    overrides = []
    for name in part_names:
        base = name.rsplit("/", 1)[-1]
        if "." in base:
            defaults.setdefault(base.rsplit(".", 1)[-1].lower(), "application/octet")
        else:
            overrides.append(name)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    out += [f'  <Default Extension={quoteattr(ext)} ContentType={quoteattr(ct)} />' for ext, ct in defaults.items()]
    out += [f'  <Override PartName={quoteattr("/" + n)} ContentType="application/octet" />' for n in overrides]
    out += ["</Types>", ""]
    return "\n".join(out).encode("utf-8")


def build_nupkg(package_id, version, *, authors="Granary tests", description=None, dependencies=None,
                license_expression=None, readme=None, files=None):
    """Return the bytes of a .nupkg.

    dependencies: list of (targetFramework or None, [(id, version range), ...]), one <group> each.
    readme: text packed as README.md and named by <readme>. files: {path inside the zip: bytes or str}.
    """
    if description is None:
        description = f"{package_id} {version}, built by Granary's nupkg_builder."
    lower_id = package_id.lower()
    digest = hashlib.sha1(f"{lower_id}/{version}".encode()).hexdigest()[:32]
    psmdcp = f"package/services/metadata/core-properties/{digest}.psmdcp"
    nuspec_name = f"{lower_id}.nuspec"

    payload = {}
    if readme is not None:
        payload["README.md"] = readme
    for path, data in (files or {}).items():
        payload[path.lstrip("/")] = data

    rels = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\n'
            f'  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{escape(nuspec_name)}" Id="R{digest[:16]}" />\n'
            f'  <Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/{psmdcp}" Id="R{digest[16:]}" />\n'
            '</Relationships>\n').encode("utf-8")
    core = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">\n'
            f"  <dc:creator>{escape(authors)}</dc:creator>\n"
            f"  <dc:description>{escape(description)}</dc:description>\n"
            f"  <dc:identifier>{escape(package_id)}</dc:identifier>\n"
            f"  <version>{escape(version)}</version>\n"
            "  <keywords></keywords>\n"
            "  <lastModifiedBy>Granary nupkg_builder</lastModifiedBy>\n"
            "</coreProperties>\n").encode("utf-8")

    parts = [(nuspec_name, _nuspec(package_id, version, authors, description, dependencies,
                                   license_expression, readme))]
    parts += [(p, d.encode("utf-8") if isinstance(d, str) else d) for p, d in sorted(payload.items())]
    parts += [("_rels/.rels", rels), (psmdcp, core)]
    parts.append(("[Content_Types].xml", _content_types([p for p, _ in parts])))

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _main(argv):
    if len(argv) < 3:
        sys.exit("usage: nupkg_builder.py OUT_DIR ID VERSION [--dep [TFM:]ID:RANGE ...]")
    out_dir, package_id, version = argv[:3]
    groups = {}
    rest = argv[3:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag != "--dep":
            sys.exit(f"unknown option {flag}")
        bits = value.split(":")
        framework = bits[0] if len(bits) == 3 else None
        dep_id, dep_range = bits[-2], bits[-1]
        groups.setdefault(framework, []).append((dep_id, dep_range))
    data = build_nupkg(package_id, version, dependencies=list(groups.items()) or None)
    import os
    path = os.path.join(out_dir, f"{package_id.lower()}.{version.lower()}.nupkg")
    with open(path, "wb") as f:
        f.write(data)
    print(path)


if __name__ == "__main__":
    _main(sys.argv[1:])
