import concurrent.futures

import prometheus_client
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.registry import CollectorRegistry

kREGISTRY = "simcore_service_webserver.monitor.registry"


async def metrics_handler(request: web.Request):
    registry = request.app[kREGISTRY]

    with concurrent.futures.ThreadPoolExecutor() as pool:
        # NOTE: Cannot use ProcessPoolExecutor because registry is not pickable
        result = await request.loop.run_in_executor(
            pool, prometheus_client.generate_latest, registry
        )
        response = web.Response(body=result)
        response.content_type = CONTENT_TYPE_LATEST
        return response


def setup_monitoring(app: web.Application):
    app[kREGISTRY] = CollectorRegistry(auto_describe=False)
    app.router.add_get("/metrics", metrics_handler)


def create_app() -> web.Application:
    app = web.Application()
    setup_monitoring(app)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8080)
