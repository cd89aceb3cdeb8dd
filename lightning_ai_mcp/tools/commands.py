"""Commands in a running studio, as lightning-sdk runs them (`StudioApi.run_studio_commands`).

`POST .../execute {command, detached: true}` returns a session name; `GET .../execute/{session}/stream` is NDJSON,
one `{"result": {"output", "exitCode"}}` per line, re-read from the start on every poll. Any line with exitCode -1
means still running; otherwise the output is every line's output joined, and all lines share one exit code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lightning_ai_mcp.errors import LightningAPIError
from lightning_ai_mcp.tools.context import ToolContext
from lightning_ai_mcp.tools.operations import call_operation
from lightning_ai_mcp.tools.results import clean_text, truncate_text
from lightning_ai_mcp.tools.spec import ToolSpec, object_schema
from lightning_ai_mcp.tools.studio_ref import (
    STUDIO,
    TEAMSPACE,
    WAIT,
    find_studio,
    in_use,
    instance_status,
    not_running,
    shape,
)
from lightning_ai_mcp.tools.teamspaces import Teamspace
from lightning_ai_mcp.tools.waiting import wait_for, wait_seconds_of

MAX_OUTPUT_CHARS = 12_000


@dataclass(frozen=True)
class CommandState:
    output: str
    exit_code: int | None
    """None while the command still runs."""


def read_stream(body: bytes) -> CommandState:
    """One poll of the NDJSON stream: every line's result, joined as lightning-sdk joins them."""
    results = []
    for text in body.decode("utf-8", "replace").splitlines():
        try:
            line = json.loads(text) if text.strip() else None
        except ValueError:
            raise LightningAPIError(
                f"the command stream sent a line that is not JSON: {clean_text(text[:120])!r}"
            ) from None
        if not isinstance(line, dict):
            continue
        if not isinstance(line.get("result"), dict):
            error = line.get("error") or {}
            raise LightningAPIError(
                f"the command stream reported an error: {clean_text(str(error.get('message', error)))}"
            )
        results.append(line["result"])
    codes = {r.get("exitCode") for r in results}
    if not results or -1 in codes or codes == {None}:
        return CommandState("", None)
    if len(codes) > 1:
        raise LightningAPIError(f"the command stream reported several exit codes ({sorted(map(str, codes))})")
    return CommandState("".join(str(r.get("output") or "") for r in results), int(next(iter(codes)) or 0))


async def _follow(
    ctx: ToolContext, team: Teamspace, studio: dict[str, Any], session: str, args: dict[str, Any]
) -> dict[str, Any]:
    ids = {"projectId": team.id, "id": str(studio["id"]), "session": session}
    name = str(studio["name"])

    async def poll() -> tuple[bool, CommandState, str]:
        op = "cloud_space_service_get_long_running_command_in_cloud_space_stream"
        state = read_stream((await call_operation(ctx, op, path_params=ids, raw=True)).body)
        return state.exit_code is not None, state, f"{name}: command {session} running"

    waited = await wait_for(ctx, poll, wait_seconds_of(args))
    result: dict[str, Any] = {"studio": name, "session": session, "done": waited.done}
    if not waited.done:
        result["next"] = f"still running; get_command_output(studio={name!r}, session={session!r}) reads it later"
        return result
    output = clean_text(waited.value.output)
    offset = int(args.get("offset", 0))
    if offset:
        output = output[offset:]
    hint = "get_command_output with offset reads earlier parts" if not offset else "raise offset to skip further"
    result |= {
        "exit_code": waited.value.exit_code,
        "output": truncate_text(output, MAX_OUTPUT_CHARS, hint) if not offset else output[:MAX_OUTPUT_CHARS],
        "output_chars": len(clean_text(waited.value.output)),
    }
    return result


async def execute_command(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    status = instance_status(in_use(studio))
    if status != "Running":
        raise not_running(str(studio["name"]), status)
    submitted = await call_operation(
        ctx,
        "cloud_space_service_execute_command_in_cloud_space",
        path_params={"projectId": team.id, "id": str(studio["id"])},
        body={"command": args["command"], "detached": True},
    )
    session = str(submitted.get("sessionName") or "")
    if not session:
        raise LightningAPIError("Lightning accepted the command but returned no session name; run it again")
    return await _follow(ctx, team, studio, session, args)


async def get_command_output(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    team, studio = await find_studio(ctx, args["studio"], args.get("teamspace"))
    return await _follow(ctx, team, studio, args["session"], args)


_COMMON = {"studio": STUDIO, "teamspace": TEAMSPACE, "wait_seconds": WAIT}
_OUTPUT = shape(session="string", done="boolean", exit_code="integer", output="string")

TOOLS = [
    ToolSpec(
        name="execute_command",
        title="Run a command in a studio",
        description=(
            "Run a bash command in a running studio; returns output and exit code, or, if still running when the "
            "wait ends, its session for get_command_output."
        ),
        input_schema=object_schema({"command": {"type": "string", "minLength": 1}, **_COMMON}, ("studio", "command")),
        handler=execute_command,
        op_class="write",
        output_schema=_OUTPUT,
    ),
    ToolSpec(
        name="get_command_output",
        title="Get command output",
        description=(
            "Output and exit code of an execute_command session, waiting for it to end. Long output shows its end; "
            "offset reads from a character offset."
        ),
        input_schema=object_schema(
            {"session": {"type": "string"}, "offset": {"type": "integer", "minimum": 0}, **_COMMON},
            ("studio", "session"),
        ),
        handler=get_command_output,
        op_class="read",
        output_schema=_OUTPUT,
    ),
]
