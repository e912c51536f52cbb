#!/usr/bin/env python3
"""Run Debian's nuget 2.8.7 (NuGet.exe on mono) under a pseudo-terminal.

Without a terminal, NuGet.exe's console wrapper sees a window width of 0 and any command that
word-wraps text (help, sources, push/list error messages) prints blank lines forever. Under a pty
it behaves. Usage: nuget_pty.py ARGS...   (e.g. nuget_pty.py push x.nupkg -Source URL -ApiKey T)

- argv goes to NuGet.exe unchanged; output (stdout and stderr, merged by the pty) goes to our
  stdout with the pty's CRLF turned back into LF; the exit status is nuget's.
- Our stdin is forwarded to nuget (so a test can pipe answers to a credential prompt); at EOF
  the pty gets ^D. Pass -NonInteractive to nuget to make it never prompt.
- TERM is forced to xterm (with TERM=dumb NuGet.exe loops again). Mono's terminfo console
  driver then asks for the cursor position (ESC[6n): we answer it, and strip the escape
  sequences it prints from the output.
- NUGET_EXE overrides /usr/lib/nuget/NuGet.exe; the pty is 200x50 so lines are not cut short.
"""
import fcntl, os, re, select, struct, sys, termios

ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|[=>]|\][^\x07]*\x07?)|\$<\d+>")

exe = os.environ.get("NUGET_EXE", "/usr/lib/nuget/NuGet.exe")
pid, fd = os.forkpty()
if pid == 0:  # child: the pty is our stdin/stdout/stderr and controlling terminal
    os.environ["TERM"] = "xterm"
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))  # rows, cols
    os.execvp("mono", ["mono", exe] + sys.argv[1:])

inputs = [fd, sys.stdin.fileno()]
while True:
    ready, _, _ = select.select(inputs, [], [])
    if sys.stdin.fileno() in ready:
        data = os.read(sys.stdin.fileno(), 4096)
        if data:
            os.write(fd, data)
        else:  # EOF on our stdin: send the terminal's EOF character and stop reading
            os.write(fd, b"\x04")
            inputs.remove(sys.stdin.fileno())
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the pty (it exited)
            data = b""
        if not data:
            break
        if b"\x1b[6n" in data:  # cursor position request: say "row 1, column 1"
            os.write(fd, b"\x1b[1;1R")
        sys.stdout.buffer.write(ESCAPES.sub(b"", data).replace(b"\r\n", b"\n"))
        sys.stdout.buffer.flush()

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
