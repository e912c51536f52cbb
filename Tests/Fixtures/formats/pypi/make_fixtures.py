"""Regenerates the derived PyPI fixtures from the two real distributions in this folder.

tiny_demo-1.0rc1-py3-none-any.whl and tiny-demo-1.0rc1.tar.gz were built from a tiny project
(dependencies, an extra, a README) with `python -m build --no-isolation` (setuptools 65.5).
Run from this folder: `PYTHONHASHSEED=0 python3 make_fixtures.py` (needs twine for the upload
body; twine orders the form fields by set iteration, hence the fixed hash seed).
"""
import gzip, io, json, tarfile, zipfile, zlib

WHEEL = "tiny_demo-1.0rc1-py3-none-any.whl"
SDIST = "tiny-demo-1.0rc1.tar.gz"
STAMP = (2024, 1, 1, 0, 0, 0)

with tarfile.open(SDIST) as tar:
    members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
pkg_info = dict((m.name, data) for m, data in members)["tiny-demo-1.0rc1/PKG-INFO"]

# The same sdist as a .zip (deflate), the egg-info copy of PKG-INFO listed first.
with zipfile.ZipFile("tiny-demo-1.0rc1.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for m, data in sorted(members, key=lambda item: "PKG-INFO" not in item[0].name or item[0].name.count("/") == 1):
        if data is not None:
            out.writestr(zipfile.ZipInfo(m.name, date_time=STAMP), data, zipfile.ZIP_DEFLATED)

# The wheel rewritten with zip64 records everywhere (end record, locator, extra fields).
zipfile.ZIP64_LIMIT = 0
with zipfile.ZipFile(WHEEL) as source, zipfile.ZipFile("zip64/tiny_demo-1.0rc1-py3-none-any.whl", "w", zipfile.ZIP_DEFLATED) as out:
    for info in source.infolist():
        out.writestr(zipfile.ZipInfo(info.filename, date_time=STAMP), source.read(info.filename), zipfile.ZIP_DEFLATED)
zipfile.ZIP64_LIMIT = (1 << 31) - 1

# tar.gz sdists with a top directory longer than 100 bytes: GNU long names, and pax headers.
top = "long-" + "x" * 120 + "-1.0"
def long_tar(path, fmt):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for name, data in [(top + "/src/long.egg-info/PKG-INFO", b"Name: wrong\nVersion: 0\n"), (top + "/PKG-INFO", pkg_info),
                           (top + "/README.md", b"hello\n")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            tar.addfile(info, io.BytesIO(data))
    with open(path, "wb") as out:
        out.write(gzip.compress(buffer.getvalue(), mtime=0))
long_tar("gnu-longname-1.0.tar.gz", tarfile.GNU_FORMAT)
long_tar("pax-longname-1.0.tar.gz", tarfile.PAX_FORMAT)

# Compression fixtures: 4 MiB of zeros as raw deflate (a small zip bomb) and a two-member gzip.
compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
with open("compression/zeros-4MiB.deflate", "wb") as out:
    out.write(compressor.compress(b"\0" * (4 << 20)) + compressor.flush())
with open("compression/two-members.gz", "wb") as out:
    out.write(gzip.compress(b"first member\n", mtime=0) + gzip.compress(b"second member\n", mtime=0))

# The body twine 7 sends for the wheel, built with twine's own code (not sent anywhere).
from twine.package import PackageFile
from twine.repository import Repository
import requests_toolbelt
package = PackageFile.from_filename(WHEEL, comment=None)
fields = Repository._convert_metadata_to_list_of_tuples(package.metadata_dictionary())
fields += [(":action", "file_upload"), ("protocol_version", "1")]
with open(WHEEL, "rb") as fp:
    fields.append(("content", (WHEEL, fp, "application/octet-stream")))
    encoder = requests_toolbelt.MultipartEncoder(fields, boundary="2b1e5a8c0c7f4d3e9a6b1c2d3e4f5a6b")
    body = encoder.to_string()
with open("twine-upload.body", "wb") as out:
    out.write(body)
with open("twine-upload.json", "w") as out:
    json.dump({"content_type": encoder.content_type, "fields": [[k, v] for k, v in fields[:-1]]}, out, indent=1)
