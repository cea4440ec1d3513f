"""Shape of openai-agents-python src/agents/tool.py + _run_impl.py (v0.7.0, Jan 2026):
`@function_tool` wraps both sync and async user functions in one async `on_invoke_tool`."""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

logger = logging.getLogger("openai.agents")


@dataclass
class ToolContext:
    tool_name: str
    tool_call_id: str


@dataclass
class FuncSchema:
    name: str
    takes_context: bool

    def to_call_args(self, data: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        return [], dict(data)


@dataclass
class FunctionTool:
    name: str
    description: str
    on_invoke_tool: Callable[[ToolContext, str], Any]


def function_schema(func: Callable[..., Any]) -> FuncSchema:
    params = list(inspect.signature(func).parameters.values())
    takes_context = bool(params) and params[0].annotation in (ToolContext, "ToolContext")
    return FuncSchema(name=func.__name__, takes_context=takes_context)


def function_tool(func: Callable[..., Any]) -> FunctionTool:
    def _create_function_tool(the_func: Callable[..., Any]) -> FunctionTool:
        schema = function_schema(the_func)

        async def _on_invoke_tool_impl(ctx: ToolContext, input: str) -> Any:
            json_data: dict[str, Any] = json.loads(input) if input else {}
            args, kwargs_dict = schema.to_call_args(json_data)
            logger.debug("Tool call args: %s, kwargs: %s", args, kwargs_dict)

            if inspect.iscoroutinefunction(the_func):
                if schema.takes_context:
                    result = await the_func(ctx, *args, **kwargs_dict)
                else:
                    result = await the_func(*args, **kwargs_dict)
            else:
                if schema.takes_context:
                    result = the_func(ctx, *args, **kwargs_dict)
                else:
                    result = the_func(*args, **kwargs_dict)

            logger.debug("Tool %s returned %s", schema.name, result)
            return result

        return FunctionTool(name=schema.name, description=the_func.__doc__ or "",
                            on_invoke_tool=_on_invoke_tool_impl)

    return _create_function_tool(func)


async def execute_function_tool_calls(tool_runs: list[tuple[FunctionTool, str, str]]) -> list[Any]:
    """RunImpl: run every tool call the model emitted in one turn in parallel."""
    async def run_single_tool(func_tool: FunctionTool, call_id: str, arguments: str) -> Any:
        ctx = ToolContext(tool_name=func_tool.name, tool_call_id=call_id)
        return await func_tool.on_invoke_tool(ctx, arguments)

    tasks = [asyncio.create_task(run_single_tool(t, cid, a)) for t, cid, a in tool_runs]
    return await asyncio.gather(*tasks)


# --- user code (the repro): a plain sync tool doing blocking I/O ---
@function_tool
def get_weather(city: str) -> str:
    """Look the weather up in a slow internal service."""
    time.sleep(2)
    return f"The weather in {city} is sunny"


async def main() -> None:
    started = time.monotonic()
    await execute_function_tool_calls([(get_weather, "call_1", '{"city": "Tokyo"}'),
                                       (get_weather, "call_2", '{"city": "Paris"}')])
    print(f"two parallel tool calls took {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
