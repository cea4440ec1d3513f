# hermes-agent: hermes_cli/plugins.py (get_plugin_manager / invoke_hook), called from
# the gateway's worker threads and the CLI tool loop.
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)


class PluginManager:
    def __init__(self):
        self._hooks = {}
        self._tools = {}
        self._discovered = False

    def discover_and_load(self):
        # Scans ~/.hermes/plugins and the "hermes_agent.plugins" entry points.
        for name in ("memory", "telemetry", "shell_guard"):
            time.sleep(0.01)
            self._hooks.setdefault("pre_tool_call", []).append(name)
            self._tools[name + "_tool"] = name
        self._discovered = True

    def invoke_hook(self, hook_name, **kwargs):
        results = []
        for plugin in self._hooks.get(hook_name, []):
            results.append((plugin, kwargs.get("tool")))
        return results

    def get_tools(self):
        return dict(self._tools)


_plugin_manager = None
_plugin_manager_lock = threading.Lock()


def get_plugin_manager():
    global _plugin_manager
    manager = _plugin_manager
    if manager is not None:
        return manager
    with _plugin_manager_lock:
        if _plugin_manager is None:
            manager = PluginManager()
            manager.discover_and_load()
            _plugin_manager = manager
        return _plugin_manager


def invoke_hook(hook_name, **kwargs):
    try:
        return get_plugin_manager().invoke_hook(hook_name, **kwargs)
    except Exception:
        logger.exception("plugin hook %s failed", hook_name)
        return []


def handle_tool_call(tool):
    fired = invoke_hook("pre_tool_call", tool=tool)
    return len(fired)


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=6) as pool:
        fired = list(pool.map(handle_tool_call, ["terminal"] * 6))
    print("hooks fired per call:", fired)
    print("final manager has", len(get_plugin_manager().get_tools()), "tools")
