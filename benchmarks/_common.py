"""Shared helpers for the benchmark scripts: machine facts, the emulator and servers as subprocesses, /proc memory,
statistics and the RESULTS.md log. Not a test module; CI never runs these scripts."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import platform
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from lightning_ai_mcp.emulator import DEMO_API_KEY, DEMO_TEAMSPACE, DEMO_USER_ID

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
PEERS = HERE / "peers"
TIMED = HERE / "_timed.py"
START_TIMEOUT = 60.0
"""Seconds any spawned process gets to come up; the generated peer needs several on this machine."""


# ---------------------------------------------------------------- machine and results


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}"
    )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} / {five:.2f}"


def revision() -> str:
    """The commit measured, and whether the package had uncommitted changes (the tree is shared and moving)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "lightning_ai_mcp"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    return f"commit {head}" + (" + uncommitted changes in lightning_ai_mcp/" if dirty else "")


def command_line() -> str:
    """The exact command that ran this script, with the script path relative to the repository."""
    script = Path(sys.argv[0]).resolve()
    with contextlib.suppress(ValueError):
        script = script.relative_to(REPO)
    return shlex.join(["python", str(script), *sys.argv[1:]])


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Report:
    """One script's results: printed, and appended to RESULTS.md with the command, date, machine and load."""

    title: str
    sections: list[str] = field(default_factory=list)
    load_before: str = field(default_factory=load)

    def add(self, text: str) -> None:
        self.sections.append(text.strip())

    def finish(self, record: bool = True) -> None:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = [
            f"## {self.title}",
            "",
            f"`{command_line()}`",
            "",
            f"{now}; {revision()}; {machine()}; load average (1 / 5 min) {self.load_before} before, {load()} after.",
        ]
        text = "\n".join(head) + "\n\n" + "\n\n".join(self.sections) + "\n"
        print(text)
        if record:
            if not RESULTS.exists():
                RESULTS.write_text("# Benchmark results\n\nAppended by the scripts in this directory, newest last.\n")
            with RESULTS.open("a") as f:
                f.write("\n" + text)


# ---------------------------------------------------------------- statistics


def targets(checks: Sequence[tuple[str, bool, str]]) -> str:
    """The closing table of a benchmark: each target, whether this run met it, and what was measured."""
    return table(
        ["target", "met", "measured"], [[name, "yes" if met else "**no**", value] for name, met, value in checks]
    )


def count_script(doc: str, run: Callable[[int, bool], Awaitable[None]], flag: str, default: int, what: str) -> None:
    """The command line of a benchmark that takes one count (rounds, calls) and may skip recording its results."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(flag, type=int, default=default, help=what)
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args()
    try:
        anyio.run(run, getattr(args, flag.removeprefix("--")), not args.no_record)
    except Exception as exc:
        fail(repr(exc))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


# ---------------------------------------------------------------- processes and memory


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process {proc.args!r} exited with {proc.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


@contextlib.contextmanager
def process(
    args: Sequence[str], env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A child process, stopped (terminate, then kill) whatever happens."""
    proc = subprocess.Popen(list(args), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        if port is not None:
            wait_for_port(port, proc)
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def emulator(control: bool = False) -> Iterator[str]:
    """The Lightning API emulator under uvicorn on 127.0.0.1, in its own process; yields its URL."""
    port = free_port()
    args = [sys.executable, "-m", "lightning_ai_mcp", "emulator", "--port", str(port), "--log-level", "error"]
    with process([*args, *(["--control"] if control else [])], port=port):
        yield f"http://127.0.0.1:{port}"


def children() -> set[int]:
    """Pids of this process's direct children (every thread's)."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            pids.update(int(p) for p in (task / "children").read_text().split())
    return pids


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the peak resident set size of a live process."""
    return status_kib(pid, "VmHWM") / 1024


def new_child(before: set[int], command_hint: str = "python") -> int:
    """The one child spawned since `before` (the stdio client starts the server as a direct child)."""
    new = [p for p in children() - before if command_hint in Path(f"/proc/{p}/cmdline").read_bytes().decode()]
    if len(new) != 1:
        raise RuntimeError(f"expected one new server process, found {new}")
    return new[0]


# ---------------------------------------------------------------- the servers under test


def api_env(api_url: str) -> dict[str, str]:
    """The environment every server gets: the local API and the emulator's demo credentials, nothing else."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LIGHTNING_CLOUD_URL": api_url,
        "LIGHTNING_USER_ID": DEMO_USER_ID,
        "LIGHTNING_API_KEY": DEMO_API_KEY,
        "LIGHTNING_TEAMSPACE": DEMO_TEAMSPACE,
        "LIGHTNING_CREDENTIAL_PATH": "/nonexistent/credentials.json",
        "PYTHONUNBUFFERED": "1",
    }


def fastmcp_available() -> bool:
    return importlib.util.find_spec("fastmcp") is not None


SKIP_FASTMCP = (
    "generated peer skipped: fastmcp is not installed (pip install -e '.[bench]', or pip install fastmcp, then rerun)"
)


@contextlib.contextmanager
def openapi_export() -> Iterator[Path]:
    """The project's own OpenAPI export (`lightning-ai-mcp catalog openapi -o FILE`) in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="lightning-bench-") as tmp:
        out = Path(tmp) / "lightning-openapi.json"
        subprocess.run(
            [sys.executable, "-m", "lightning_ai_mcp", "catalog", "openapi", "-o", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        json.loads(out.read_text())
        yield out


@dataclass(frozen=True)
class ServerUnderTest:
    label: str
    argv: tuple[str, ...]
    """Python arguments: `-m lightning_ai_mcp ...` or a peer script and its arguments."""

    def command(self, timings: Path | None = None) -> list[str]:
        if timings is None:
            return [sys.executable, *self.argv]
        return [sys.executable, str(TIMED), str(timings), *self.argv]


OURS = ServerUnderTest("lightning-ai-mcp (default)", ("-m", "lightning_ai_mcp"))
OURS_ALL = ServerUnderTest("lightning-ai-mcp --toolsets all", ("-m", "lightning_ai_mcp", "--toolsets", "all"))
MINIMAL = ServerUnderTest("minimal MCPServer peer", (str(PEERS / "minimal_server.py"),))


def generated_peer(openapi: Path) -> ServerUnderTest:
    return ServerUnderTest("FastMCP.from_openapi peer", (str(PEERS / "openapi_server.py"), str(openapi)))


def stdio(server: ServerUnderTest, env: dict[str, str], timings: Path | None = None) -> Client:
    """The real `mcp` client over stdio, spawning the server as a child process (stopped when the block exits)."""
    cmd = server.command(timings)
    return Client(StdioServerParameters(command=cmd[0], args=cmd[1:], env=env))


def read_timings(path: Path) -> dict[str, list[dict[str, float]]]:
    """What _timed.py wrote: per MCP method, one {total, upstream} record per request."""
    if not path.exists():
        raise RuntimeError(f"the timed server wrote no timings to {path.name}")
    data: dict[str, list[dict[str, float]]] = json.loads(path.read_text())
    return data


def fail(message: str) -> None:
    print(f"benchmark failed: {message}", file=sys.stderr)
    raise SystemExit(1)
