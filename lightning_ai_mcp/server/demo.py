"""`lightning-ai-mcp demo`: an agent's session against the sandbox, through a real MCP client, as a transcript.

Every step is a real tool call over the MCP protocol to the server running on the built-in emulator; the client
answers the server's confirmation requests the way a user would. The demo exits 0 only if every step worked.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import anyio
import mcp.types as types
from mcp import Client

from lightning_ai_mcp.config import Settings
from lightning_ai_mcp.sandbox import sandbox_client_factory, sandbox_settings
from lightning_ai_mcp.server import build_server

STUDIO = "gpu-playground"
SCRIPT = 'import platform\nprint("training on", platform.python_version())\nprint("loss 0.42")\n'


@dataclass(frozen=True)
class Step:
    say: str
    tool: str
    arguments: dict[str, Any]
    show: Callable[[dict[str, Any]], str] = lambda r: ""


def _get(result: dict[str, Any], *keys: str, default: Any = "") -> Any:
    for key in keys:
        if not isinstance(result, dict) or key not in result:
            return default
        result = result[key]
    return result


def _lines(text: Any, limit: int = 6) -> str:
    return "\n".join(f"      {line}" for line in str(text).strip().splitlines()[:limit])


def _spend(r: dict[str, Any]) -> str:
    rows = [f"{b['kind']} {b['name']}: {b['usd_per_hour']} USD/h" for b in _get(r, "billing", default=[])]
    if not rows:
        return "nothing is billing"
    return "\n".join(f"      {row}" for row in rows) + f"\n      total {_get(r, 'total_usd_per_hour')} USD/h"


STEPS = (
    Step(
        "Who am I, and which teamspace do tools act in?",
        "whoami",
        {},
        lambda r: f"{_get(r, 'user', 'username')} in teamspace {_get(r, 'default_teamspace', 'name')}",
    ),
    Step(
        "What would an hour on a T4 GPU cost?",
        "quote_cost",
        {"machine": "T4", "hours": 1},
        lambda r: _lines("\n".join(_get(r, "arithmetic", default=[]))),
    ),
    Step(
        "Create a studio",
        "create_studio",
        {"name": STUDIO},
        lambda r: f"{_get(r, 'name')} ({_get(r, 'status')}); {_get(r, 'next')}",
    ),
    Step(
        "Start it on a T4",
        "start_studio",
        {"studio": STUDIO, "machine": "T4", "wait_seconds": 50},
        lambda r: f"{_get(r, 'status')} on {_get(r, 'machine', 'name')} at {_get(r, 'hourly_rate_usd')} USD/h",
    ),
    Step(
        "Check the GPU",
        "execute_command",
        {"studio": STUDIO, "command": "nvidia-smi -L"},
        lambda r: _lines(_get(r, "output")),
    ),
    Step(
        "Upload a training script",
        "upload_file",
        {"studio": STUDIO, "path": "train.py", "content": SCRIPT},
        lambda r: f"uploaded {_get(r, 'uploaded')} ({_get(r, 'size')} bytes) to {_get(r, 'where')}",
    ),
    Step("Read it back", "read_file", {"studio": STUDIO, "path": "train.py"}, lambda r: _lines(_get(r, "content"))),
    Step(
        "Run it in the studio",
        "execute_command",
        {"studio": STUDIO, "command": "python --version && ls"},
        lambda r: _lines(_get(r, "output")),
    ),
    Step(
        "Submit it as a job on a T4",
        "run_job",
        {"name": "train-demo", "studio": STUDIO, "command": "python train.py", "machine": "T4", "wait_seconds": 50},
        lambda r: f"job {_get(r, 'job', 'name')} is {_get(r, 'job', 'state')} ({_get(r, 'hourly_rate_usd')} USD/h)",
    ),
    Step("Read the job's logs", "get_job_logs", {"job": "train-demo"}, lambda r: _lines(_get(r, "text"))),
    Step(
        "Scale the demo deployment to 2 replicas",
        "update_deployment",
        {"deployment": "demo-api", "min_replicas": 2, "max_replicas": 2},
        lambda r: (
            f"{_get(r, 'deployment', 'name')}: {_get(r, 'deployment', 'replicas')} replicas, "
            f"{_get(r, 'hourly_rate_usd')} USD/h"
        ),
    ),
    Step("What is billing right now?", "current_spend", {}, _spend),
    Step("Stop the studio", "stop_studio", {"studio": STUDIO, "wait_seconds": 50}, lambda r: f"{_get(r, 'status')}"),
    Step(
        "Scale the deployment to zero",
        "update_deployment",
        {"deployment": "demo-api", "min_replicas": 0, "max_replicas": 0},
        lambda r: f"{_get(r, 'deployment', 'name')}: {_get(r, 'deployment', 'state')}",
    ),
    Step("Anything still billing?", "current_spend", {}, _spend),
)


@dataclass
class Tally:
    calls: int = 0
    result_chars: int = 0
    failures: list[str] = field(default_factory=list)
    confirmations: int = 0


class Transcript:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tally = Tally()

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    async def progress(self, progress: float, total: float | None, message: str | None) -> None:
        width = 20
        done = int(width * progress / total) if total else 0
        self.say(f"      [{'#' * done}{'.' * (width - done)}] {message or ''}")

    async def confirm(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.tally.confirmations += 1
        self.say(f"    ? the server asks: {params.message}")
        self.say("    > the user approves")
        return types.ElicitResult(action="accept", content={"confirm": True})


async def run_demo(out: TextIO = sys.stdout, speed: float = 20.0) -> int:
    transcript = Transcript(out)
    settings = sandbox_settings(Settings.load({k: v for k, v in os.environ.items() if k == "HOME"}))
    server = build_server(settings, sandbox_client_factory(speed))
    started = time.monotonic()
    transcript.say("lightning-ai-mcp demo: an agent's session on the sandbox (no account, no network, nothing billed)")
    async with Client(server, elicitation_callback=transcript.confirm) as client:
        tools = (await client.list_tools()).tools
        listed = len(
            json.dumps(
                [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools], separators=(",", ":")
            )
        )
        transcript.say(f"  the server offers {len(tools)} tools ({listed // 4} tokens of tool list)\n")
        for number, step in enumerate(STEPS, 1):
            await _run_step(client, transcript, number, step)
    seconds = time.monotonic() - started
    tally = transcript.tally
    transcript.say("")
    transcript.say(
        f"{tally.calls} tool calls, {tally.result_chars // 4} tokens of tool results, {tally.confirmations} "
        f"confirmations, {seconds:.1f} s"
    )
    if tally.failures:
        transcript.say(f"FAILED steps: {', '.join(tally.failures)}")
        return 1
    transcript.say("every step worked")
    return 0


async def _run_step(client: Client, transcript: Transcript, number: int, step: Step) -> None:
    transcript.say(f"{number:>2}. {step.say}")
    transcript.say(f"    -> {step.tool}({json.dumps(step.arguments)[:100]})")
    result = await client.call_tool(step.tool, step.arguments, progress_callback=transcript.progress)
    transcript.tally.calls += 1
    text = "".join(getattr(block, "text", "") for block in result.content)
    transcript.tally.result_chars += len(text)
    if result.is_error:
        transcript.tally.failures.append(f"{number} ({step.tool})")
        transcript.say(f"    !! {text[:300]}")
        return
    data = result.structured_content
    if data is None:
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
    shown = step.show(data if isinstance(data, dict) else {})
    transcript.say(f"    <- {shown}" if "\n" not in shown else f"    <-\n{shown}")


def demo_main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="lightning-ai-mcp demo", description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=20.0, help="simulated seconds per real second (default 20)")
    args = parser.parse_args(argv)
    return anyio.run(run_demo, sys.stdout, args.speed)
