"""Shape of polychromatic/common.py (0.9.x) and the tray applet menu that launches
the Controller: every launch spawns a child that is never waited for."""
import os
import subprocess
from threading import Thread


class _Paths:
    data_dir = "/usr/share/polychromatic"


paths = _Paths()


class _Debugging:
    debug = 4

    def stdout(self, msg, colour=None, verbosity=0):
        if verbosity <= 1:
            print(msg)


def execute_polychromatic_component(dbg, component, controller_open=None):
    """
    Starts a Polychromatic application relative to its location or system-wide
    if installed.

    Params:
        component           e.g. "controller" would run "polychromatic-controller"
        controller_open     (Optional - Controller only) Opens a specific tab/feature.
    """
    data_dir = paths.data_dir
    exec_name = "polychromatic-" + component

    possible_paths = [
        # Relative copy #1
        os.path.join(data_dir, "../" + exec_name),

        # Relative copy #2
        os.path.join(os.path.dirname(__file__), exec_name),

        # Absolute system-wide
        "/usr/bin/" + exec_name
    ]

    for bin_path in possible_paths:
        args = [bin_path]

        if controller_open:
            args.append("--open")
            args.append(controller_open)

        if os.path.exists(bin_path):
            dbg.stdout("Executing: " + os.path.realpath(" ".join(args)), dbg.debug, 1)
            try:
                subprocess.Popen(args)
            except Exception:
                pass
            return True
    return False


def run_thread(target_function, args=()):
    """
    Executes a function that will run outside the main thread.

    target_function     Function to execute.
    args                (Optional) A tuple containing arguments.
    """
    thread = Thread(target=target_function, args=args)
    thread.daemon = True
    thread.start()
    return thread


class TrayApplet:
    """polychromatic-tray-applet: long-running process, one click per launch."""

    def __init__(self):
        self.dbg = _Debugging()

    def open_controller(self, cb=None):
        execute_polychromatic_component(self.dbg, "controller")

    def open_device_tab(self, serial):
        execute_polychromatic_component(self.dbg, "controller", "device=" + serial)

    def restart_applet(self, cb=None):
        execute_polychromatic_component(self.dbg, "tray-applet")
