"""Words: splitting ids and paths into terms, the synonyms that map people's words to API words, and summaries.

The SDK has no descriptions, so an operation's one-line summary is derived from its id and path, followed by the
everyday names of what it touches (a "cloud space" is a studio, a "project" a teamspace, ...). Search expands a
query with the same table, so "start studio" meets `cloud_space_service_start_cloud_space_instance`.
"""

from __future__ import annotations

import functools
import re

SYNONYMS: dict[str, tuple[str, ...]] = {
    "cloudspace": ("studio", "workspace", "cloud space"),
    "project": ("teamspace",),
    "membership": ("member", "teamspace"),
    "cluster": ("cloud account", "cloud"),
    "accelerator": ("machine", "gpu", "cpu", "instance type", "compute", "price"),
    "instance": ("machine", "compute", "vm"),
    "compute": ("machine",),
    "machine": ("server", "node"),
    "codeconfig": ("machine", "code config", "switch machine", "instance type"),
    "sleepconfig": ("auto sleep", "idle shutdown", "auto shutdown"),
    "lightningapp": ("app", "legacy job"),
    "appinstance": ("app", "legacy job"),
    "lightningwork": ("work", "app component"),
    "job": ("training", "run", "workload", "batch"),
    "multi-machine-job": ("mmt", "multi machine", "multi node", "distributed training"),
    "deployment": ("inference", "serving", "endpoint", "api server", "replica", "autoscaling"),
    "log": ("logs", "output", "stdout"),
    "artifact": ("file", "files"),
    "blob": ("file", "download", "upload"),
    "tree": ("directory", "folder", "ls", "files"),
    "storage": ("drive", "files", "upload"),
    "filesystem": ("drive", "files"),
    "secret": ("env var", "environment variable", "credential"),
    "ssh": ("ssh key", "public key"),
    "org": ("organization", "company"),
    "organization": ("org",),
    "execute": ("run command", "shell", "exec", "command"),
    "command": ("shell", "exec"),
    "fork": ("duplicate", "clone", "copy"),
    "model": ("model registry", "checkpoint", "weights"),
    "dataset": ("data",),
    "metrics-stream": ("experiment", "experiment tracking", "litlogger", "metrics"),
    "logger": ("experiment", "metrics"),
    "billing": ("cost", "credits", "balance", "usage", "money", "payment"),
    "usage": ("cost", "spend"),
    "whoami": ("me", "current user", "identity"),
    "user": ("me", "account", "profile"),
    "schedule": ("cron", "timer", "recurring"),
    "pipeline": ("workflow", "dag"),
    "endpoint": ("port", "url", "expose"),
    "sandbox": ("sandbox", "container"),
    "data-connection": ("s3", "gcs", "bucket", "mount"),
    "keep-alive": ("heartbeat",),
    "api-key": ("token", "key"),
    "agent": ("assistant", "chat"),
    "assistant": ("agent", "chat", "llm"),
    "lit-registry": ("container registry", "docker", "image"),
    "start": ("launch", "boot", "run", "turn on"),
    "stop": ("halt", "shutdown", "turn off", "kill"),
    "delete": ("remove", "destroy", "rm"),
    "list": ("ls", "all", "show"),
    "get": ("show", "describe", "fetch", "read"),
    "create": ("new", "add", "make"),
    "update": ("edit", "change", "set", "rename", "modify", "scale"),
}
"""API word (as it appears in ids and paths, singular) -> everyday words that mean it."""

PEOPLE_NAMES = (
    ("cloud space", "studio"),
    ("project", "teamspace"),
    ("lightningapp instance", "app"),
    ("accelerator", "machine"),
    ("s sh", "ssh"),
)
"""API phrases in operation ids and the name people use, for the plain-words half of a summary."""

OPERATION_PHRASES: dict[str, str] = {
    "cloud_space_service_get_cloud_space_instance_status": "studio status, is my studio running",
    "cloud_space_service_update_cloud_space_instance_config": "switch studio machine, change machine type",
    "cloud_space_service_switch_cloud_space_instance": "confirm studio machine switch",
    "cloud_space_service_update_cloud_space": "rename studio, set studio env vars",
    "cloud_space_service_fork_cloud_space": "duplicate studio",
    "cloud_space_service_execute_command_in_cloud_space": "run command in studio",
    "cloud_space_service_get_long_running_command_in_cloud_space_stream": "command output",
    "projects_service_list_memberships": "list teamspaces, my teamspaces",
    "cluster_service_list_default_cluster_accelerators": "machine prices, available machines",
    "cluster_service_list_cluster_accelerators": "machine prices of a cloud account",
    "jobs_service_update_job": "stop job, rename job",
    "jobs_service_update_deployment": "scale deployment, stop deployment, edit deployment, new release",
    "jobs_service_update_multi_machine_job": "stop multi-machine job",
    "lightningapp_instance_service_update_lightningapp_instance": "stop legacy job",
    "jobs_service_get_logs": "job logs, deployment logs, multi-machine job logs",
    "auth_service_get_user": "current user, me",
}
"""Hand-kept everyday phrases for operations people look for by what they do rather than by what they touch."""

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def stem(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


STOPWORDS = frozenset({"a", "an", "the", "of", "in", "to", "for", "by", "also", "v1", "my", "and", "or", "on", "at"})


def terms(text: str) -> list[str]:
    """Lower-case, singular terms of an id, a path, a camelCase name or free text."""
    return list(_terms(text))


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in _SPLIT.split(_CAMEL.sub(" ", text).lower()) if t and t not in STOPWORDS)


@functools.cache
def _synonym_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for api_word, people_words in SYNONYMS.items():
        api_terms = {*terms(api_word), api_word.replace("-", "")}
        people_terms = {t for w in people_words for t in terms(w)}
        for term in api_terms:
            table.setdefault(term, set()).update(people_terms)
        for term in people_terms:
            table.setdefault(term, set()).update(api_terms)
    return {term: frozenset(found) for term, found in table.items()}


def expansions(term: str) -> set[str]:
    """A query term and every API or everyday term that means the same."""
    return {term, *_synonym_table().get(term, ())}


def action_of(op_id: str, group: str) -> str:
    """The operation id after its group prefix: `start_cloud_space_instance`."""
    return op_id.removeprefix(group + "_")


def summary(op_id: str, group: str, path: str) -> str:
    action = action_of(op_id, group).replace("_", " ")
    scope = ""
    if "{projectId}" in path or "{projectSrcId}" in path:
        scope = " in a teamspace"
    elif path.startswith("/v1/orgs/") and "{" in path:
        scope = " of an organization"
    also = _everyday_words(action, path)
    text = f"{action[:1].upper()}{action[1:]}{scope}"
    people = action
    for api_name, name in PEOPLE_NAMES:
        people = re.sub(rf"\b{api_name}(s?)\b", rf"{name}\1", people)
    phrases = [people] if people != action else []
    if op_id in OPERATION_PHRASES:
        phrases.append(OPERATION_PHRASES[op_id])
    if phrases:
        text += f" ({'; '.join(phrases)})"
    return f"{text}; also: {', '.join(also)}" if also else text


def _everyday_words(action: str, path: str) -> list[str]:
    seen: list[str] = []
    text_terms = terms(action) + terms(path)
    joined = " ".join(terms(path.replace("-", "")))
    for api_word, people_words in SYNONYMS.items():
        api_terms = terms(api_word)
        squashed = api_word.replace("-", "")
        hit = (len(api_terms) == 1 and api_terms[0] in text_terms) or squashed in joined.split()
        if len(api_terms) > 1:
            hit = hit or " ".join(api_terms) in " ".join(text_terms)
        if hit and api_word not in {"start", "stop", "delete", "list", "get", "create", "update"}:
            seen.extend(w for w in people_words if w not in seen and not set(terms(w)) <= set(text_terms))
    return seen[:8]
