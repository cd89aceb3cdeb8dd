"""A deterministic simulated shell. It never runs anything on the host.

It understands `;`, `&&`, `||`, pipes, `>`/`>>` redirection into the studio's files, `$VAR` expansion, quoting and
the small set of commands in `shell_builtins`. Time only passes through `sleep`, as simulated seconds recorded
next to each piece of output, so a stream can show what a real command would have printed so far.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from .filetree import FileTree
from .machines import MachineType
from .shell_builtins import BUILTINS, Context, Exit

HOME = "/teamspace/studios/this_studio"


@dataclass
class Run:
    """What a command line did: output chunks at simulated offsets, the exit code and the total duration."""

    chunks: list[tuple[float, str]] = field(default_factory=list)
    exit_code: int = 0
    duration: float = 0.0

    @property
    def output(self) -> str:
        return "".join(text for _, text in self.chunks)

    def output_at(self, elapsed: float) -> str:
        return "".join(text for t, text in self.chunks if t <= elapsed)


_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*|\?))")
_STDERR_TO_STDOUT = re.compile(r"\s2>&1")  # output is one combined stream anyway


def expand(line: str, env: dict[str, str], last_code: int) -> str:
    """`$VAR`/`${VAR}`/`$?` outside single quotes, as a shell would before splitting words."""
    out: list[str] = []
    in_single = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "'" and not in_single:
            in_single = True
        elif ch == "'" and in_single:
            in_single = False
        elif ch == "$" and not in_single:
            m = _VAR.match(line, i)
            if m is not None:
                name = m.group(1) or m.group(2)
                out.append(str(last_code) if name == "?" else env.get(name, ""))
                i = m.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def tokenize(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def split_commands(tokens: list[str]) -> list[tuple[str, list[list[str]]]]:
    """[(operator before it, pipeline)], a pipeline being a list of argument vectors."""
    out: list[tuple[str, list[list[str]]]] = []
    op, pipeline, argv = ";", [], []  # type: ignore[var-annotated]
    for tok in tokens:
        if tok in ("|",):
            pipeline.append(argv)
            argv = []
        elif tok in (";", "&&", "||", "&", "\n"):
            if argv or pipeline:
                pipeline.append(argv)
                out.append((op, pipeline))
            op, pipeline, argv = (";" if tok == "&" else tok), [], []
        else:
            argv.append(tok)
    if argv or pipeline:
        pipeline.append(argv)
        out.append((op, pipeline))
    return out


class Shell:
    def __init__(self, files: FileTree, machine: MachineType | None, env: dict[str, str], now: float) -> None:
        self.files = files
        self.machine = machine
        self.env = {"HOME": HOME, "USER": "zeus", "PWD": HOME, "SHELL": "/bin/bash", **env}
        self.now = now

    def run(self, line: str) -> Run:
        run = Run()
        ctx = Context(self.files, self.machine, self.env, cwd=HOME, now=self.now)
        code = 0
        for raw in line.splitlines() or [""]:
            try:
                statements = split_commands(tokenize(_STDERR_TO_STDOUT.sub("", expand(raw, self.env, code))))
            except ValueError as exc:
                run.chunks.append((ctx.elapsed, f"bash: syntax error: {exc}\n"))
                run.exit_code, run.duration = 2, ctx.elapsed
                return run
            for op, pipeline in statements:
                if (op == "&&" and code != 0) or (op == "||" and code == 0):
                    continue
                try:
                    code = self._pipeline(ctx, pipeline, run)
                except Exit as stop:
                    run.exit_code, run.duration = stop.code, ctx.elapsed
                    return run
        run.exit_code, run.duration = code, ctx.elapsed
        return run

    def _pipeline(self, ctx: Context, pipeline: list[list[str]], run: Run) -> int:
        stdin = ""
        code = 0
        for index, argv in enumerate(pipeline):
            argv, target, append = _redirection(argv)
            last = index == len(pipeline) - 1
            if not argv:
                code = 0
                stdout = ""
            else:
                ctx.stdin = stdin
                ctx.err_sink = lambda text: run.chunks.append((ctx.elapsed, text))
                command = BUILTINS.get(argv[0])
                if command is None:
                    ctx.err(f"bash: line 1: {argv[0]}: command not found\n")
                    code, stdout = 127, ""
                else:
                    code, stdout = command(ctx, argv[1:])
            if target == "/dev/null":
                stdout = ""
            elif target is not None:
                path = ctx.resolve(target)
                if path is None:
                    ctx.err(f"bash: {target}: Read-only file system\n")
                    code = 1
                else:
                    before = (self.files.read(path) or b"") if append else b""
                    self.files.write(path, before + stdout.encode(), self.now + ctx.elapsed)
                stdout = ""
            if last and stdout:
                run.chunks.append((ctx.elapsed, stdout))
            stdin = stdout
        return code


def _redirection(argv: list[str]) -> tuple[list[str], str | None, bool]:
    for i, tok in enumerate(argv):
        if tok in (">", ">>") and i + 1 < len(argv):
            return argv[:i] + argv[i + 2 :], argv[i + 1], tok == ">>"
    return argv, None, False
