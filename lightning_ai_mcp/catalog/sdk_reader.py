"""Read the generated OpenAPI client inside a lightning-sdk wheel without importing it.

Every `*_with_http_info` method of `lightning_sdk/lightning_cloud/openapi/api/*_api.py` states its wire contract in a
fixed shape that `ast` can read: `path_params['wire'] = params['py']`, `query_params.append(('wire', params['py']))`,
`collection_formats['wire'] = 'multi'`, `body_params = params['body']`, the `call_api('/path', 'METHOD', ...,
response_type='X')` call, and the docstring's `:param TYPE name: (required)` lines. Models are the classes of
`models/*.py` with their `swagger_types` and `attribute_map` dictionaries (enums carry string constants instead).
"""

from __future__ import annotations

import ast
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

API_DIR = "lightning_sdk/lightning_cloud/openapi/api/"
MODELS_DIR = "lightning_sdk/lightning_cloud/openapi/models/"
_DOC_PARAM = re.compile(r"^\s*:param (\S+) (\w+):(.*)$", re.MULTILINE)
_WHEEL_VERSION = re.compile(r"^lightning_sdk-([^-]+)-")


@dataclass(frozen=True, slots=True)
class RawParam:
    wire: str
    type: str
    required: bool
    repeated: bool


@dataclass(frozen=True, slots=True)
class RawOperation:
    id: str
    group: str
    sdk_module: str
    method: str
    path: str
    path_params: tuple[RawParam, ...]
    query_params: tuple[RawParam, ...]
    body_model: str | None
    response_model: str | None


@dataclass(frozen=True, slots=True)
class RawModel:
    name: str
    fields: tuple[tuple[str, str], ...]
    """(wire name, swagger type) pairs, in the SDK's order."""
    enum: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SdkRelease:
    version: str
    operations: tuple[RawOperation, ...]
    models: tuple[RawModel, ...]


def wheel_version(wheel: Path) -> str:
    match = _WHEEL_VERSION.match(wheel.name)
    if match is None:
        raise ValueError(f"{wheel.name} is not a lightning_sdk wheel file name")
    return match.group(1)


def read_wheel(wheel: Path) -> SdkRelease:
    operations: list[RawOperation] = []
    models: list[RawModel] = []
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith(API_DIR) and name.endswith("_api.py"):
                module = name.removeprefix(API_DIR).removesuffix("_api.py")
                operations.extend(read_api_module(archive.read(name).decode(), module))
            elif name.startswith(MODELS_DIR) and name.endswith(".py") and not name.endswith("__init__.py"):
                models.extend(read_model_module(archive.read(name).decode()))
    if not operations:
        raise ValueError(f"{wheel.name} holds no generated API modules under {API_DIR}")
    return SdkRelease(wheel_version(wheel), tuple(operations), tuple(models))


def group_of(operation_id: str, module: str) -> str:
    # The SDK mangles some class names (SSHPublicKeyService -> s_sh_public_key_service); the id prefix is canonical.
    if operation_id.startswith(module + "_"):
        return module
    head, sep, _ = operation_id.partition("_service_")
    if not sep:
        raise ValueError(f"cannot tell the service group of {operation_id} in {module}_api.py")
    return head + "_service"


def read_api_module(source: str, module: str) -> list[RawOperation]:
    return [
        _read_method(node, module)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_with_http_info")
    ]


def _read_method(func: ast.FunctionDef, module: str) -> RawOperation:
    op_id = func.name.removesuffix("_with_http_info")
    doc_types: dict[str, tuple[str, bool]] = {}
    for type_, name, rest in _DOC_PARAM.findall(ast.get_docstring(func) or ""):
        doc_types[name] = (type_, "(required)" in rest)
    path_params: list[tuple[str, str]] = []
    query_params: list[tuple[str, str]] = []
    multi: set[str] = set()
    body: str | None = None
    call: ast.Call | None = None
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                key = _constant(target.slice)
                if target.value.id == "path_params" and key is not None:
                    path_params.append((key, _params_key(node.value)))
                elif target.value.id == "collection_formats" and key is not None:
                    if _constant(node.value) != "multi":
                        raise ValueError(f"{op_id}: unexpected collection format for {key}")
                    multi.add(key)
            elif isinstance(target, ast.Name) and target.id == "body_params" and isinstance(node.value, ast.Subscript):
                body = _params_key(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "append" and _is_name(node.func.value, "query_params"):
                pair = node.args[0]
                if not isinstance(pair, ast.Tuple):
                    raise ValueError(f"{op_id}: unexpected query_params.append argument")
                wire = _constant(pair.elts[0])
                if wire is None:
                    raise ValueError(f"{op_id}: query parameter without a literal wire name")
                query_params.append((wire, _params_key(pair.elts[1])))
            elif node.func.attr == "call_api":
                call = node
    if call is None:
        raise ValueError(f"{op_id}: no call_api call")
    path, method = _constant(call.args[0]), _constant(call.args[1])
    if path is None or method is None:
        raise ValueError(f"{op_id}: call_api without a literal path and method")
    response = next((_constant(k.value) for k in call.keywords if k.arg == "response_type"), None)

    def param(wire: str, py: str, *, in_path: bool) -> RawParam:
        type_, required = doc_types.get(py, ("str", False))
        return RawParam(wire, type_, required or in_path, wire in multi)

    body_model = doc_types[body][0] if body is not None else None
    return RawOperation(
        id=op_id,
        group=group_of(op_id, module),
        sdk_module=module,
        method=method.upper(),
        path=path,
        path_params=tuple(param(w, p, in_path=True) for w, p in path_params),
        query_params=tuple(param(w, p, in_path=False) for w, p in query_params),
        body_model=body_model,
        response_model=response,
    )


def read_model_module(source: str) -> list[RawModel]:
    found: list[RawModel] = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        dicts: dict[str, dict[str, str]] = {}
        enum: list[str] = []
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                name = item.targets[0].id
                if isinstance(item.value, ast.Dict):
                    dicts[name] = _literal_dict(item.value)
                elif name.isupper() and (value := _constant(item.value)) is not None:
                    enum.append(value)
        if "swagger_types" not in dicts:
            continue
        types, wire_names = dicts["swagger_types"], dicts.get("attribute_map", {})
        fields = tuple((wire_names.get(attr, attr), type_) for attr, type_ in types.items())
        found.append(RawModel(node.name, fields, tuple(enum)))
    return found


def _literal_dict(node: ast.Dict) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        k, v = (_constant(key) if key is not None else None), _constant(value)
        if k is None or v is None:
            raise ValueError("model dictionaries must map string literals to string literals")
        result[k] = v
    return result


def _constant(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _params_key(node: ast.expr) -> str:
    # Every value the generated code passes on is `params['python_name']`.
    if isinstance(node, ast.Subscript) and _is_name(node.value, "params") and (key := _constant(node.slice)):
        return key
    raise ValueError(f"expected params['name'], found {ast.unparse(node)}")
