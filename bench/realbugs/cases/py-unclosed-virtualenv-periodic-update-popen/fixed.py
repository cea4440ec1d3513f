"""virtualenv seed/wheels/periodic_update.py trigger_update() (reduced, 2023)."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from subprocess import DEVNULL, Popen

PERIODIC_UPDATE_ON_BY_DEFAULT = True


def trigger_update(distribution, for_py_version, wheel, search_dirs, app_data, env, periodic):
    wheel_path = None if wheel is None else str(wheel)
    cmd = [
        sys.executable,
        "-c",
        "\n".join(
            [
                "from virtualenv.report import setup_report, MAX_LEVEL",
                "from virtualenv.seed.wheels.periodic_update import do_update",
                "setup_report(MAX_LEVEL, show_pid=True)",
                f"do_update({distribution!r}, {for_py_version!r}, {wheel_path!r}, "
                f"{str(app_data)!r}, {[str(p) for p in search_dirs]!r}, {periodic!r})",
            ],
        ),
    ]
    debug = env.get("_VIRTUALENV_PERIODIC_UPDATE_INLINE") == "1"
    pipe = None if debug else DEVNULL
    kwargs = {"stdout": pipe, "stderr": pipe}
    if not debug and sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW
    with Popen(cmd, **kwargs) as process:  # noqa: S603
        logging.info(
            "triggered periodic upgrade of %s%s (for python %s) via background process having PID %d",
            distribution,
            "" if wheel is None else f"=={wheel.version}",
            for_py_version,
            process.pid,
        )
        if debug:
            process.communicate()  # on purpose not called to make it a background process


def periodic_update(distribution, of_version, for_py_version, wheel, search_dirs, app_data,
                    do_periodic_update, env):
    if do_periodic_update:
        handle_auto_update(distribution, for_py_version, wheel, search_dirs, app_data, env)
    return wheel


def handle_auto_update(distribution, for_py_version, wheel, search_dirs, app_data, env):
    embed_update_log = app_data.embed_update_log(distribution, for_py_version)
    u_log = embed_update_log.read() or {}
    if u_log.get("periodic", True) and not u_log.get("started"):
        trigger_update(distribution, for_py_version, wheel, search_dirs, app_data, env,
                       periodic=True)


class _Log:
    def read(self):
        return json.loads("{}")


class _AppData:
    def embed_update_log(self, distribution, for_py_version):
        return _Log()

    def __str__(self):
        return os.path.expanduser("~/.local/share/virtualenv")


if __name__ == "__main__":
    periodic_update("pip", "23.2", "3.11", None, [], _AppData(), True, os.environ)
