"""MCP resources and prompts: browsable views over the read tools, and the common journeys as prompts."""

from __future__ import annotations

from typing import Any

import mcp.types as types
from mcp import MCPError
from mcp.server import ServerRequestContext

from lightning_ai_mcp.errors import LightningMCPError
from lightning_ai_mcp.server.calls import invoke
from lightning_ai_mcp.server.state import AppState
from lightning_ai_mcp.tools.prompts import PROMPTS
from lightning_ai_mcp.tools.resources import RESOURCES, ResourceSpec
from lightning_ai_mcp.tools.results import to_json
from lightning_ai_mcp.tools.spec import ToolSpec

JSON = "application/json"


class Browsing:
    """The resources whose tool is on offer, and the prompts."""

    def __init__(self, specs: dict[str, ToolSpec]) -> None:
        self.specs = specs
        self.resources = [r for r in RESOURCES if r.tool in specs]
        self.prompts = {p.name: p for p in PROMPTS}

    async def list_resources(
        self, ctx: ServerRequestContext[AppState], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        return types.ListResourcesResult(
            resources=[
                types.Resource(uri=r.uri, name=r.name, description=r.description, mime_type=JSON)
                for r in self.resources
                if not r.is_template
            ]
        )

    async def list_templates(
        self, ctx: ServerRequestContext[AppState], params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(uri_template=r.uri, name=r.name, description=r.description, mime_type=JSON)
                for r in self.resources
                if r.is_template
            ]
        )

    async def read_resource(
        self, ctx: ServerRequestContext[AppState], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        for resource in self.resources:
            arguments = resource.match(uri)
            if arguments is not None:
                value = await self._read(ctx, resource, arguments)
                return types.ReadResourceResult(
                    contents=[types.TextResourceContents(uri=uri, mime_type=JSON, text=to_json(value))]
                )
        raise MCPError(types.INVALID_PARAMS, f"no resource at {uri}; resources/list and resources/templates/list")

    async def _read(
        self, ctx: ServerRequestContext[AppState], resource: ResourceSpec, arguments: dict[str, Any]
    ) -> Any:
        try:
            return await invoke(ctx, self.specs[resource.tool], arguments)
        except LightningMCPError as exc:
            raise MCPError(types.INVALID_PARAMS, ctx.lifespan_context.client.redact(str(exc))) from None

    async def list_prompts(
        self, ctx: ServerRequestContext[AppState], params: types.PaginatedRequestParams | None
    ) -> types.ListPromptsResult:
        return types.ListPromptsResult(
            prompts=[
                types.Prompt(
                    name=p.name,
                    title=p.title,
                    description=p.description,
                    arguments=[
                        types.PromptArgument(name=a.name, description=a.description, required=a.required)
                        for a in p.arguments
                    ],
                )
                for p in self.prompts.values()
            ]
        )

    async def get_prompt(
        self, ctx: ServerRequestContext[AppState], params: types.GetPromptRequestParams
    ) -> types.GetPromptResult:
        prompt = self.prompts.get(params.name)
        if prompt is None:
            raise MCPError(types.INVALID_PARAMS, f"no prompt {params.name!r}; prompts/list shows them")
        arguments = dict(params.arguments or {})
        missing = [a.name for a in prompt.arguments if a.required and not arguments.get(a.name)]
        if missing:
            raise MCPError(types.INVALID_PARAMS, f"prompt {prompt.name} needs the argument(s) {', '.join(missing)}")
        text = prompt.render(arguments)
        return types.GetPromptResult(
            description=prompt.description,
            messages=[types.PromptMessage(role="user", content=types.TextContent(type="text", text=text))],
        )
