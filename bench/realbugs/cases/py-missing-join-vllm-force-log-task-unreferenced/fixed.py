"""OpenAI-compatible API server entrypoint (shape of vllm/entrypoints/openai/api_server.py, 2024)."""
import argparse
import asyncio
import json
from contextlib import asynccontextmanager
from typing import Set

import fastapi
from fastapi.responses import JSONResponse

TIMEOUT_KEEP_ALIVE = 5  # seconds

engine = None
engine_args = None
openai_serving_chat = None

_running_tasks: Set[asyncio.Task] = set()


class AsyncEngineArgs:
    def __init__(self, model="facebook/opt-125m", disable_log_stats=False,
                 disable_log_requests=False):
        self.model = model
        self.disable_log_stats = disable_log_stats
        self.disable_log_requests = disable_log_requests

    @classmethod
    def from_cli_args(cls, args):
        return cls(model=args.model, disable_log_stats=args.disable_log_stats)


class AsyncLLMEngine:
    def __init__(self, engine_args):
        self.engine_args = engine_args
        self.num_running = 0

    @classmethod
    def from_engine_args(cls, engine_args):
        return cls(engine_args)

    async def do_log_stats(self):
        print(f"Avg prompt throughput: 0.0 tokens/s, Running: {self.num_running} reqs")


@asynccontextmanager
async def lifespan(app: fastapi.FastAPI):

    async def _force_log():
        while True:
            await asyncio.sleep(10)
            await engine.do_log_stats()

    if not engine_args.disable_log_stats:
        task = asyncio.create_task(_force_log())
        _running_tasks.add(task)
        task.add_done_callback(_running_tasks.remove)

    yield


app = fastapi.FastAPI(lifespan=lifespan)


@app.get("/health")
async def health() -> fastapi.Response:
    """Health check."""
    return fastapi.Response(status_code=200)


@app.get("/v1/models")
async def show_available_models():
    return JSONResponse(content={"object": "list",
                                 "data": [{"id": engine_args.model}]})


def parse_args():
    parser = argparse.ArgumentParser(
        description="vLLM OpenAI-Compatible RESTful API server.")
    parser.add_argument("--host", type=str, default=None, help="host name")
    parser.add_argument("--port", type=int, default=8000, help="port number")
    parser.add_argument("--allowed-origins", type=json.loads, default=["*"])
    parser.add_argument("--model", type=str, default="facebook/opt-125m")
    parser.add_argument("--disable-log-stats", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    import uvicorn

    args = parse_args()
    engine_args = AsyncEngineArgs.from_cli_args(args)
    engine = AsyncLLMEngine.from_engine_args(engine_args)
    uvicorn.run(app, host=args.host, port=args.port,
                timeout_keep_alive=TIMEOUT_KEEP_ALIVE)
