"""The API's error shape: `{code, message, details}` (grpc-gateway `RpcStatus`), with the gRPC code of the status."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

GRPC_CODES: dict[int, int] = {
    400: 3,  # INVALID_ARGUMENT
    401: 16,  # UNAUTHENTICATED
    403: 7,  # PERMISSION_DENIED
    404: 5,  # NOT_FOUND
    405: 12,  # UNIMPLEMENTED
    409: 6,  # ALREADY_EXISTS
    412: 9,  # FAILED_PRECONDITION
    429: 8,  # RESOURCE_EXHAUSTED
    499: 1,  # CANCELLED
    500: 13,  # INTERNAL
    501: 12,  # UNIMPLEMENTED
    503: 14,  # UNAVAILABLE
    504: 4,  # DEADLINE_EXCEEDED
}


def grpc_code(status: int) -> int:
    if status in GRPC_CODES:
        return GRPC_CODES[status]
    return 13 if status >= 500 else 2  # INTERNAL / UNKNOWN


class ApiError(Exception):
    """Raised by handlers; turned into an error response by the app."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"code": grpc_code(status), "message": message, "details": []}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)
