#!/usr/bin/env python3
"""Render bench/static-nginx.conf.template with the same tuning as the stack's rendered nginx.conf.

    render_static_conf.py STACK_CONF TEMPLATE OUT PREFIX=... LISTEN=... BLOB_DIR=... USER=...

The comparison is only fair if both nginx instances are tuned alike, so the tuning is not copied by
hand: it is read from the stack's nginx.conf (rendered from nginx/granary.conf.template) and put into
the static conf:
  @@MAIN_TUNING@@      worker_processes & co. (main context)
  @@EVENTS_TUNING@@    everything in events {}
  @@HTTP_TUNING@@      transfer/keepalive/file-cache directives of the http {} block
  @@SERVER_TUNING@@    the same directives set at server level
  @@LISTEN_FLAGS@@     socket options of the plain-HTTP listen (reuseport, backlog=, ...)
  @@BLOB_TUNING@@      the same directives set in the internal `location /_blobs/`
Every other @@NAME@@ comes from NAME=value arguments.
"""
import re
import sys

MAIN = {"worker_processes", "worker_rlimit_nofile", "worker_cpu_affinity", "worker_priority",
        "timer_resolution", "thread_pool", "pcre_jit"}
TRANSFER = {"sendfile", "sendfile_max_chunk", "tcp_nopush", "tcp_nodelay", "keepalive_timeout",
            "keepalive_requests", "keepalive_time", "output_buffers", "postpone_output", "aio",
            "aio_write", "directio", "directio_alignment", "read_ahead", "send_lowat", "send_timeout",
            "reset_timedout_connection", "lingering_close", "lingering_time", "lingering_timeout",
            "open_file_cache", "open_file_cache_valid", "open_file_cache_min_uses",
            "open_file_cache_errors", "gzip", "gzip_static"}
LISTEN_FLAGS = re.compile(r"^(reuseport|deferred|backlog=\S+|rcvbuf=\S+|sndbuf=\S+|fastopen=\S+|so_keepalive=\S+)$")


def parse(text):
    """nginx config -> [(name, [args], children or None)], quotes and comments respected."""
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in "{};":
            tokens.append(c)
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            tokens.append(text[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{};":
                j += 1
            tokens.append(text[i:j])
            i = j

    def block(pos):
        items, words = [], []
        while pos < len(tokens):
            t = tokens[pos]
            pos += 1
            if t == ";":
                items.append((words[0], words[1:], None))
                words = []
            elif t == "{":
                children, pos = block(pos)
                items.append((words[0], words[1:], children))
                words = []
            elif t == "}":
                return items, pos
            else:
                words.append(t)
        return items, pos

    return block(0)[0]


def find(items, name, first_arg=None):
    for item in items:
        if item[0] == name and (first_arg is None or (item[1] and item[1][0] == first_arg)):
            return item
    return None


def lines(items, wanted, indent):
    return "\n".join(f"{indent}{name} {' '.join(args)};" for name, args, children in items
                     if children is None and name in wanted)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    stack = parse(open(argv[1]).read())
    values = dict(arg.split("=", 1) for arg in argv[4:])
    events = find(stack, "events")
    http = find(stack, "http")
    if not http or not events:
        sys.exit(f"{argv[1]}: no http or events block")
    servers = [item for item in http[2] if item[0] == "server" and item[2] is not None]
    server = next((s for s in servers if find(s[2], "location", "/_blobs/")), None)
    if not server:
        sys.exit(f"{argv[1]}: no server with location /_blobs/")
    blobs = find(server[2], "location", "/_blobs/")
    flags = []
    for name, args, _ in server[2]:
        if name == "listen" and "ssl" not in args[1:] and "quic" not in args[1:]:
            flags = [a for a in args[1:] if LISTEN_FLAGS.match(a)]
            break
    values.update({
        "MAIN_TUNING": lines(stack, MAIN, ""),
        "EVENTS_TUNING": "\n".join(f"    {name} {' '.join(args)};" for name, args, ch in events[2] if ch is None),
        "HTTP_TUNING": lines(http[2], TRANSFER, "    "),
        "SERVER_TUNING": lines(server[2], TRANSFER, "        "),
        "LISTEN_FLAGS": "".join(" " + f for f in flags),
        "BLOB_TUNING": lines(blobs[2], TRANSFER, "            "),
    })
    out = open(argv[2]).read()
    out = re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), out)
    left = re.search(r"@@[A-Z_]+@@", out)
    if left:
        sys.exit(f"{argv[2]}: no value for {left.group(0)}")
    with open(argv[3], "w") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv)
