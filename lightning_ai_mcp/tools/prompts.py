"""MCP prompts: the common journeys, written as a user's request that names the tools to use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PromptArgument:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class PromptSpec:
    name: str
    title: str
    description: str
    arguments: tuple[PromptArgument, ...]
    render: Callable[[dict[str, str]], str]


def _run_script(args: dict[str, str]) -> str:
    machine = args.get("machine") or "T4"
    return (
        f"Run `{args['script']}` on a {machine} GPU on Lightning AI. First quote_cost for {machine} for one hour and "
        "tell me the rate. Then pick a studio with list_studios (or create_studio), start_studio on "
        f"{machine}, upload the script with upload_file if it is not in the studio yet, and run it with "
        "execute_command (use get_command_output while it runs). Report the output and exit code, then stop_studio "
        "so nothing keeps billing."
    )


def _fine_tune(args: dict[str, str]) -> str:
    machine = args.get("machine") or "A100"
    return (
        f"Fine-tune {args['base_model']} on {args['dataset']} on Lightning AI, then serve it. Quote the cost with "
        f"quote_cost ({machine}, the hours you expect) and wait for my approval. Run the training as a job with "
        "run_job (watch it with list_jobs and get_job_logs), check that the weights landed (list_files or "
        "list_models), then create_deployment with the smallest machine that fits and min 0 replicas when idle. "
        "Finish with current_spend so I see what keeps running."
    )


def _clean_up(args: dict[str, str]) -> str:
    where = f" in teamspace {args['teamspace']}" if args.get("teamspace") else ""
    return (
        f"Find what is costing money{where} on Lightning AI with current_spend. List each running studio, job and "
        "deployment with its hourly rate and how long it has run. Propose what to stop (idle studios first, with "
        "stop_idle; deployments by scaling to zero with update_deployment), ask me, then do it and show the new burn."
    )


PROMPTS = (
    PromptSpec(
        "run_script_on_gpu",
        "Run a script on a GPU",
        "Start a GPU studio, run a script, report the result, stop the studio.",
        (
            PromptArgument("script", "The command or script to run, e.g. python train.py", required=True),
            PromptArgument("machine", "Machine, e.g. T4, L4, A100, H100 (default T4)"),
        ),
        _run_script,
    ),
    PromptSpec(
        "fine_tune_and_deploy",
        "Fine-tune and deploy a model",
        "Quote, train as a job, then serve the result as a deployment.",
        (
            PromptArgument("base_model", "The model to start from", required=True),
            PromptArgument("dataset", "The training data (a path in the Drive or a dataset name)", required=True),
            PromptArgument("machine", "Training machine (default A100)"),
        ),
        _fine_tune,
    ),
    PromptSpec(
        "clean_up_idle_resources",
        "Clean up idle resources",
        "See what is billing now and stop what is idle, with confirmation.",
        (PromptArgument("teamspace", "Teamspace to clean up (default: the default teamspace)"),),
        _clean_up,
    ),
)
