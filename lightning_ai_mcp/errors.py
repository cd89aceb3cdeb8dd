"""The project's one error hierarchy.

    LightningMCPError                 anything this package raises on purpose; the message is safe to show
    ├── ConfigError                   settings or credentials are missing or unusable
    ├── InvalidArgument               a tool or operation argument is wrong; names the field
    ├── UnknownOperation              no catalog operation matches an id, alias or "METHOD /path"
    ├── OperationRefused              read-only mode, a dangerous operation not allowed, a spend cap
    ├── ConfirmationRequired          the action needs the user's confirmation first
    └── LightningAPIError             the API answered with an error, or could not be reached
        ├── UpstreamUnavailable       connection failures or 5xx after the retries
        └── OutcomeUnknown            a create/start may have reached the API; repeating it could duplicate it

Every message says what happened and what to do next. None of them ever holds a credential.
"""

from __future__ import annotations


class LightningMCPError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(LightningMCPError):
    pass


class InvalidArgument(LightningMCPError):
    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class UnknownOperation(LightningMCPError, KeyError):
    def __init__(self, ref: str, hint: str = "search_endpoints finds operations by keyword") -> None:
        self.ref = ref
        super().__init__(f"no Lightning API operation matches {ref!r}; {hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class OperationRefused(LightningMCPError):
    pass


class ConfirmationRequired(LightningMCPError):
    def __init__(self, summary: str, token: str) -> None:
        self.summary = summary
        self.token = token
        super().__init__(f"confirmation required: {summary}")


class LightningAPIError(LightningMCPError):
    """The API answered with an error status (or, for subclasses, could not be reached).

    `status` is the HTTP status (0 when no response arrived), `code` the gRPC code of the `{code, message, details}`
    body when there was one.
    """

    def __init__(self, message: str, *, status: int = 0, code: int | None = None, api_message: str = "") -> None:
        self.status = status
        self.code = code
        self.api_message = api_message
        super().__init__(message)


class UpstreamUnavailable(LightningAPIError):
    pass


class OutcomeUnknown(LightningAPIError):
    pass
