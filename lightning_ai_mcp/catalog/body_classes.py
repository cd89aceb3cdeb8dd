"""The class of one concrete request, for the few operations whose effect depends on the body.

`PUT .../deployments/{id}` scales to zero or stops (destructive), scales up, starts or creates a release (spend), or
edits metadata (write). `PUT .../jobs/{id}` stops (destructive), asks for a replacement machine (spend) or renames
(write). Multi-machine job, app instance and Slurm job updates follow the same pattern. Any other operation, and a
body that is not an object, keeps the operation's static class (the most severe it can be).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .model import Operation, OperationClass

_DEPLOYMENT_STOPPED = {"DEPLOYMENT_STATE_STOPPED", "DEPLOYMENT_STATE_SCALED_TO_0", "DEPLOYMENT_STATE_DELETED"}
_DEPLOYMENT_METADATA = {"name", "visibility", "isPublished", "releaseNotes", "recipients", "oncallNotification"}
"""Deployment fields whose change alone neither starts nor stops anything; any other field may start a release."""


def _count(value: object) -> int | None:
    # int64 values travel as strings ("0") as often as numbers.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _deployment(body: Mapping[str, Any]) -> OperationClass:
    autoscaling = body.get("autoscaling")
    autoscaling = autoscaling if isinstance(autoscaling, Mapping) else {}
    if str(body.get("desiredState", "")) in _DEPLOYMENT_STOPPED or _count(autoscaling.get("maxReplicas")) == 0:
        return "destructive"
    if "autoscaling" not in body and _count(body.get("replicas")) == 0:
        return "destructive"
    if set(body) <= _DEPLOYMENT_METADATA:
        return "write"
    return "spend"


def _job(body: Mapping[str, Any]) -> OperationClass:
    state = str(body.get("state", "")).lower()
    if state.startswith(("stop", "delete")):
        return "destructive"
    if body.get("replaceRequested") is True:
        return "spend"
    return "write"


def _multi_machine_job(body: Mapping[str, Any]) -> OperationClass:
    state = str(body.get("desiredState", "")).upper()
    if state.endswith(("_STOP", "_STOPPED", "_DELETE", "_DELETED")):
        return "destructive"
    if state.endswith("_RUNNING"):
        return "spend"
    return "write"


def _app_instance(body: Mapping[str, Any]) -> OperationClass:
    spec = body.get("spec")
    state = str(spec.get("desiredState", "")).upper() if isinstance(spec, Mapping) else ""
    if state.endswith(("_STOPPED", "_DELETED")):
        return "destructive"
    if state.endswith(("_RUNNING", "_PENDING")):
        return "spend"
    return "write"


def _slurm_action(body: Mapping[str, Any]) -> OperationClass:
    return "destructive" if str(body.get("action", "")).upper().endswith("_CANCEL") else "spend"


BODY_CLASSIFIERS: dict[str, Callable[[Mapping[str, Any]], OperationClass]] = {
    "jobs_service_update_deployment": _deployment,
    "jobs_service_update_job": _job,
    "jobs_service_update_multi_machine_job": _multi_machine_job,
    "lightningapp_instance_service_update_lightningapp_instance": _app_instance,
    "slurm_jobs_user_service_user_slurm_job_action": _slurm_action,
}


def classify(operation: Operation, body: object = None) -> OperationClass:
    """The class of calling `operation` with `body` (the wire JSON object, or None)."""
    classifier = BODY_CLASSIFIERS.get(operation.id)
    if classifier is None or not isinstance(body, Mapping):
        return operation.op_class
    return classifier(body)
