import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

_LOGGER = logging.getLogger(__name__)

_GLOBAL_CONF = {
    "HANDLERS": {
        "authentication": [{"backend": "AuthenticationGRPCHandler", "uri": "grpc://identity:50051"}],
        "mutation": [{"backend": "SpaceONEMutationHandler"}],
    }
}

_HANDLER_INFO = {
    "authentication": [],
    "authorization": [],
    "mutation": [],
    "event": [],
}

_HANDLER_INIT = False
_HANDLER_INIT_LOCK = threading.Lock()


def get_global(key, default=None):
    return _GLOBAL_CONF.get(key, default)


class BaseHandler:
    def __init__(self, handler_config):
        self.handler_config = handler_config
        time.sleep(0.01)  # e.g. AuthenticationGRPCHandler fetches the domain public key here


class AuthenticationGRPCHandler(BaseHandler):
    def verify(self, params):
        return {"user_id": "u-1"}


class SpaceONEMutationHandler(BaseHandler):
    def request(self, params):
        params.setdefault("mutations", 0)
        params["mutations"] += 1
        return params


_BACKENDS = {
    "AuthenticationGRPCHandler": AuthenticationGRPCHandler,
    "SpaceONEMutationHandler": SpaceONEMutationHandler,
}


def _get_module(backend):
    return _BACKENDS[backend]


def get_authentication_handlers():
    if not _HANDLER_INIT:
        _init_handlers()
    return _HANDLER_INFO["authentication"]


def get_mutation_handlers():
    if not _HANDLER_INIT:
        _init_handlers()
    return _HANDLER_INFO["mutation"]


def _init_handlers():
    global _HANDLER_INIT
    with _HANDLER_INIT_LOCK:
        if _HANDLER_INIT:
            return
        handlers = get_global("HANDLERS", {})
        for handler_type, handler_confs in handlers.items():
            for handler_conf in handler_confs:
                handler_module = _get_module(handler_conf["backend"])
                _HANDLER_INFO[handler_type].append(handler_module(handler_conf))
                _LOGGER.debug("[_init_handlers] %s handler registered", handler_type)
        _HANDLER_INIT = True


def grpc_method(params):
    for handler in get_authentication_handlers():
        handler.verify(params)
    for handler in get_mutation_handlers():
        params = handler.request(params)
    return params


def main():
    # first and second request arrive together right after the server started
    with ThreadPoolExecutor(max_workers=4) as server_pool:
        results = list(server_pool.map(grpc_method, [{} for _ in range(4)]))
    print("mutations applied per request:", [r["mutations"] for r in results])
    print("registered mutation handlers:", len(_HANDLER_INFO["mutation"]))


if __name__ == "__main__":
    main()
