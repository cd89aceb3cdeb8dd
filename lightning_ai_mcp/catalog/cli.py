"""`lightning-ai-mcp catalog {stats,search,show,openapi}`: look at the catalog from a shell."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from typing import TextIO

from ..errors import UnknownOperation
from .loader import Catalog, load_catalog
from .model import OPERATION_CLASSES, SDK_VERSIONS, Operation


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lightning-ai-mcp catalog", description="The Lightning API endpoint catalog.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("stats", help="operation counts by group, SDK version and class")
    search = commands.add_parser("search", help="find operations by keywords")
    search.add_argument("query", nargs="+")
    search.add_argument("--group", help="only this service group")
    search.add_argument("--limit", type=int, default=10)
    show = commands.add_parser("show", help="one operation: parameters, models, class, input schema")
    show.add_argument("operation", help="canonical id, alias, or 'METHOD /path'")
    show.add_argument("--json", action="store_true", help="print the record and its input schema as JSON")
    openapi = commands.add_parser("openapi", help="write the catalog as an OpenAPI 3.1 document")
    openapi.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


def stats(catalog: Catalog, out: TextIO) -> None:
    sdk_ops = [op for op in catalog.operations if op.supplement is None]
    extra = [op for op in catalog.operations if op.supplement is not None]
    per_group: dict[str, Counter[str]] = {}
    for op in sdk_ops:
        per_group.setdefault(op.group, Counter()).update(op.versions)
    header = f"{'group':<44}" + "".join(f"{v:>12}" for v in SDK_VERSIONS) + f"{'union':>8}"
    print(header, file=out)
    for group in sorted(per_group):
        union = sum(1 for op in sdk_ops if op.group == group)
        print(f"{group:<44}" + "".join(f"{per_group[group][v]:>12}" for v in SDK_VERSIONS) + f"{union:>8}", file=out)
    print(file=out)
    for version in SDK_VERSIONS:
        ops = [op for op in sdk_ops if version in op.versions]
        print(f"lightning-sdk {version}: {len(ops)} operations in {len({op.group for op in ops})} groups", file=out)
    ids = len(sdk_ops) + sum(len(op.aliases) for op in sdk_ops)
    print(f"union: {len({op.key for op in sdk_ops})} method+path pairs, {ids} operation ids", file=out)
    print(f"supplement (called outside the generated clients): {len(extra)} operations", file=out)
    classes = Counter(op.op_class for op in catalog.operations)
    print("classes: " + ", ".join(f"{c} {classes[c]}" for c in OPERATION_CLASSES), file=out)
    print(f"models: {len(catalog.models)}", file=out)


def _line(op: Operation) -> str:
    return f"{op.id}\n    {op.method} {op.path}  [{op.op_class}]\n    {op.summary}"


def show(catalog: Catalog, op: Operation, as_json: bool, out: TextIO) -> None:
    if as_json:
        record = dataclasses.asdict(op) | {"input_schema": catalog.input_schema(op)}
        json.dump(record, out, indent=2)
        print(file=out)
        return
    print(_line(op), file=out)
    rows = [
        ("aliases", ", ".join(op.aliases) or "-"),
        ("group", op.group),
        ("versions", ", ".join(op.versions)),
        ("repeatable", "yes" if op.repeatable else "no (creates or starts something)"),
        ("body", op.body_model or "-"),
        ("response", op.response_model or "-"),
    ]
    if op.supplement:
        rows.append(("called by", op.supplement))
    if op.transport != "http":
        rows.append(("transport", op.transport))
    for name, value in rows:
        print(f"  {name:<11} {value}", file=out)
    for kind, params in (("path", op.path_params), ("query", op.query_params)):
        for p in params:
            notes = [p.type, "required" if p.required else "optional"]
            notes += ["repeated"] * p.repeated + ["file path"] * p.file_path
            notes += [f"only {', '.join(p.versions)}"] if p.versions else []
            print(f"  {kind:<5} {p.wire:<36} {', '.join(notes)}", file=out)
    body = catalog.models.get(op.body_model) if op.body_model else None
    for field in body.fields if body else ():
        print(f"  body  {field.wire:<36} {field.type}", file=out)


def catalog_main(argv: list[str], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    catalog = load_catalog()
    if args.command == "stats":
        stats(catalog, out)
    elif args.command == "search":
        found = catalog.search(" ".join(args.query), group=args.group, limit=args.limit)
        for op in found:
            print(_line(op), file=out)
        if not found:
            print("no operation matches; try other words (studio, teamspace, job, deployment, file, ...)", file=out)
            return 1
    elif args.command == "show":
        try:
            op = catalog.operation(args.operation)
        except UnknownOperation as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        show(catalog, op, args.json, out)
    else:
        from .openapi import openapi_document

        text = json.dumps(openapi_document(catalog), indent=1, sort_keys=False) + "\n"
        if args.output:
            with open(args.output, "w", encoding="utf-8") as file:
                file.write(text)
            print(f"wrote {args.output} ({len(catalog.operations)} operations)", file=sys.stderr)
        else:
            out.write(text)
    return 0
