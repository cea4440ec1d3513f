import concurrent.futures

import prometheus_client
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.registry import CollectorRegistry

kREGISTRY = "simcore_service_webserver.monitor.registry"
kTHREAD_POOL = "simcore_service_webserver.thread_pool"


def get_shared_thread_pool(app: web.Application) -> concurrent.futures.ThreadPoolExecutor:
    return app[kTHREAD_POOL]


async def _thread_pool_ctx(app: web.Application):
    # one pool for the app lifetime, shut down on cleanup (not on the request path)
    app[kTHREAD_POOL] = concurrent.futures.ThreadPoolExecutor()
    yield
    app[kTHREAD_POOL].shutdown(wait=True)


async def metrics_handler(request: web.Request):
    registry = request.app[kREGISTRY]

    # NOTE: Cannot use ProcessPoolExecutor because registry is not pickable
    result = await request.loop.run_in_executor(
        get_shared_thread_pool(request.app), prometheus_client.generate_latest, registry
    )
    response = web.Response(body=result)
    response.content_type = CONTENT_TYPE_LATEST
    return response


def setup_monitoring(app: web.Application):
    app[kREGISTRY] = CollectorRegistry(auto_describe=False)
    app.router.add_get("/metrics", metrics_handler)


def create_app() -> web.Application:
    app = web.Application()
    app.cleanup_ctx.append(_thread_pool_ctx)
    setup_monitoring(app)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8080)
