"""The commands the simulated shell knows. Each takes (context, args) and returns (exit code, stdout)."""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from .filetree import FileTree
from .machines import MachineType

ROOT = "/teamspace/studios/this_studio"
PYTHON_VERSION = "3.12.11"


class Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Context:
    files: FileTree
    machine: MachineType | None
    env: dict[str, str]
    cwd: str
    now: float
    elapsed: float = 0.0
    stdin: str = ""
    err_sink: Callable[[str], None] = field(default=lambda text: None)

    def err(self, text: str) -> None:
        self.err_sink(text)

    def absolute(self, path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = ROOT + path[1:]
        return posixpath.normpath(posixpath.join(self.cwd, path))

    def resolve(self, path: str) -> str | None:
        """The studio-relative key of a path, or None when it lies outside the studio's files."""
        full = self.absolute(path)
        if full == ROOT:
            return ""
        if full.startswith(ROOT + "/"):
            return full[len(ROOT) + 1 :]
        return None


Command = Callable[[Context, list[str]], tuple[int, str]]


def _echo(ctx: Context, args: list[str]) -> tuple[int, str]:
    newline = True
    if args and args[0] == "-n":
        newline, args = False, args[1:]
    return 0, " ".join(args) + ("\n" if newline else "")


def _pwd(ctx: Context, args: list[str]) -> tuple[int, str]:
    return 0, ctx.cwd + "\n"


def _cd(ctx: Context, args: list[str]) -> tuple[int, str]:
    target = ctx.absolute(args[0] if args else "~")
    key = ctx.resolve(target)
    if key is None and target not in ("/", "/teamspace", "/teamspace/studios"):
        ctx.err(f"bash: cd: {args[0]}: No such file or directory\n")
        return 1, ""
    if key is not None and not ctx.files.is_dir(key):
        ctx.err(f"bash: cd: {args[0]}: No such file or directory\n")
        return 1, ""
    ctx.cwd = target
    return 0, ""


def _ls(ctx: Context, args: list[str]) -> tuple[int, str]:
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    paths = [a for a in args if not a.startswith("-")] or ["."]
    out: list[str] = []
    code = 0
    for path in paths:
        key = ctx.resolve(path)
        if key is not None and ctx.files.read(key) is not None:
            out.append(_ls_line(ctx, key, flags, path))
            continue
        if key is None or not ctx.files.is_dir(key):
            ctx.err(f"ls: cannot access '{path}': No such file or directory\n")
            code = 2
            continue
        if len(paths) > 1:
            out.append(f"{path}:")
        for name, _kind, _size in ctx.files.entries(key):
            base = name.rpartition("/")[2]
            if base.startswith(".") and "a" not in flags:
                continue
            out.append(_ls_line(ctx, name, flags, base))
    return code, "".join(line + "\n" for line in out)


def _ls_line(ctx: Context, key: str, flags: str, shown: str) -> str:
    if "l" not in flags:
        return shown
    data = ctx.files.read(key)
    if data is None:
        return f"drwxr-xr-x 2 zeus zeus 4096 {shown}"
    return f"-rw-r--r-- 1 zeus zeus {len(data)} {shown}"


def _cat(ctx: Context, args: list[str]) -> tuple[int, str]:
    if not args:
        return 0, ctx.stdin
    out, code = [], 0
    for path in args:
        key = ctx.resolve(path)
        data = None if key is None else ctx.files.read(key)
        if data is None:
            is_dir = key is not None and ctx.files.is_dir(key)
            ctx.err(f"cat: {path}: {'Is a directory' if is_dir else 'No such file or directory'}\n")
            code = 1
            continue
        out.append(data.decode(errors="replace"))
    return code, "".join(out)


def _lines_of(ctx: Context, args: list[str]) -> tuple[list[str], list[str]]:
    rest = [a for a in args if not a.startswith("-")]
    if rest:
        _code, text = _cat(ctx, rest[-1:])
        return text.splitlines(keepends=True), rest[:-1]
    return ctx.stdin.splitlines(keepends=True), rest


def _count(args: list[str], default: int = 10) -> tuple[int, list[str]]:
    if len(args) >= 2 and args[0] == "-n":
        return int(args[1]), args[2:]
    if args and args[0].startswith("-") and args[0][1:].isdigit():
        return int(args[0][1:]), args[1:]
    return default, args


def _head(ctx: Context, args: list[str]) -> tuple[int, str]:
    n, rest = _count(args)
    lines, _ = _lines_of(ctx, rest)
    return 0, "".join(lines[:n])


def _tail(ctx: Context, args: list[str]) -> tuple[int, str]:
    n, rest = _count(args)
    lines, _ = _lines_of(ctx, rest)
    return 0, "".join(lines[-n:] if n else [])


def _wc(ctx: Context, args: list[str]) -> tuple[int, str]:
    lines, _ = _lines_of(ctx, args)
    return 0, f"{len(lines)}\n"


def _grep(ctx: Context, args: list[str]) -> tuple[int, str]:
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    words = [a for a in args if not a.startswith("-")]
    if not words:
        ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
        return 2, ""
    pattern = words[0].lower() if "i" in flags else words[0]
    lines, _ = _lines_of(ctx, words[1:]) if len(words) > 1 else (ctx.stdin.splitlines(keepends=True), [])
    hits = [ln for ln in lines if (pattern in (ln.lower() if "i" in flags else ln)) != ("v" in flags)]
    return (0 if hits else 1), "".join(hits)


def _sleep(ctx: Context, args: list[str]) -> tuple[int, str]:
    try:
        seconds = float(args[0].rstrip("s")) if args else -1
    except ValueError:
        seconds = -1
    if seconds < 0:
        ctx.err("sleep: invalid time interval\n")
        return 1, ""
    ctx.elapsed += seconds
    return 0, ""


def _exit(ctx: Context, args: list[str]) -> tuple[int, str]:
    try:
        code = int(args[0]) % 256 if args else 0
    except ValueError:
        code = 2
    raise Exit(code)


def _python(ctx: Context, args: list[str]) -> tuple[int, str]:
    if args and args[0] in ("--version", "-V"):
        return 0, f"Python {PYTHON_VERSION}\n"
    if len(args) >= 2 and args[0] == "-c":
        return _print_only(ctx, args[1])
    if args and not args[0].startswith("-"):
        key = ctx.resolve(args[0])
        data = None if key is None else ctx.files.read(key)
        if data is None:
            path = ctx.absolute(args[0])
            ctx.err(f"python: can't open file '{path}': [Errno 2] No such file or directory\n")
            return 2, ""
        return _print_only(ctx, data.decode(errors="replace"))
    ctx.err("python: the emulator has no interactive interpreter\n")
    return 1, ""


def _print_only(ctx: Context, source: str) -> tuple[int, str]:
    """Runs nothing: prints the literal arguments of top-level `print(...)` calls, the only thing it can know."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        ctx.err(f"SyntaxError: {exc.msg}\n")
        return 1, ""
    out: list[str] = []
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
            try:
                out.append(" ".join(str(ast.literal_eval(a)) for a in call.args) + "\n")
            except ValueError:
                out.append("\n")
    return 0, "".join(out)


def _nvidia_smi(ctx: Context, args: list[str]) -> tuple[int, str]:
    machine = ctx.machine
    if machine is None or machine.gpu is None:
        ctx.err("bash: line 1: nvidia-smi: command not found\n")
        return 127, ""
    gpu = machine.gpu
    if "-L" in args:
        return 0, "".join(f"GPU {i}: {gpu.gpu_name} (UUID: GPU-{i:08d}-emu)\n" for i in range(machine.gpus))
    query = next((a.split("=", 1)[1] for a in args if a.startswith("--query-gpu=")), None)
    if query is not None:
        values = {"name": gpu.gpu_name, "memory.total": f"{gpu.memory_mib} MiB", "index": "", "memory.used": "0 MiB"}
        rows = [
            ", ".join(str(i) if q == "index" else values.get(q, "[N/A]") for q in query.split(","))
            for i in range(machine.gpus)
        ]
        header = "" if any("noheader" in a for a in args) else query.replace(",", ", ") + "\n"
        return 0, header + "".join(r + "\n" for r in rows)
    lines = [
        "+-----------------------------------------------------------------------------------------+",
        "| NVIDIA-SMI 570.133.20             Driver Version: 570.133.20     CUDA Version: 12.8     |",
        "|-----------------------------------------+------------------------+----------------------+",
    ]
    lines += [
        f"|   {i}  {gpu.gpu_name[:36]:<36}|   0MiB / {gpu.memory_mib:>6}MiB |      0%      Default |"
        for i in range(machine.gpus)
    ]
    lines.append("+-----------------------------------------------------------------------------------------+")
    return 0, "\n".join(lines) + "\n"


def _env(ctx: Context, args: list[str]) -> tuple[int, str]:
    if args:
        value = ctx.env.get(args[0])
        return (0, value + "\n") if value is not None else (1, "")
    return 0, "".join(f"{k}={v}\n" for k, v in sorted(ctx.env.items()))


def _touch(ctx: Context, args: list[str]) -> tuple[int, str]:
    for path in args:
        key = ctx.resolve(path)
        if key is None:
            ctx.err(f"touch: cannot touch '{path}': Permission denied\n")
            return 1, ""
        ctx.files.write(key, ctx.files.read(key) or b"", ctx.now + ctx.elapsed)
    return 0, ""


def _mkdir(ctx: Context, args: list[str]) -> tuple[int, str]:
    for path in (a for a in args if not a.startswith("-")):
        key = ctx.resolve(path)
        if key is None:
            ctx.err(f"mkdir: cannot create directory '{path}': Permission denied\n")
            return 1, ""
        ctx.files.mkdir(key)
    return 0, ""


def _rm(ctx: Context, args: list[str]) -> tuple[int, str]:
    recursive = any(a.startswith("-") and "r" in a for a in args)
    for path in (a for a in args if not a.startswith("-")):
        key = ctx.resolve(path)
        if key is None or (ctx.files.is_dir(key) and not recursive) or not ctx.files.delete(key):
            ctx.err(f"rm: cannot remove '{path}': No such file or directory\n")
            return 1, ""
    return 0, ""


BUILTINS: dict[str, Command] = {
    "echo": _echo,
    "pwd": _pwd,
    "cd": _cd,
    "ls": _ls,
    "cat": _cat,
    "head": _head,
    "tail": _tail,
    "wc": _wc,
    "grep": _grep,
    "sleep": _sleep,
    "exit": _exit,
    "python": _python,
    "python3": _python,
    "nvidia-smi": _nvidia_smi,
    "env": _env,
    "printenv": _env,
    "touch": _touch,
    "mkdir": _mkdir,
    "rm": _rm,
    "true": lambda ctx, args: (0, ""),
    "false": lambda ctx, args: (1, ""),
    "whoami": lambda ctx, args: (0, "zeus\n"),
    "hostname": lambda ctx, args: (0, "emulator-studio\n"),
}
