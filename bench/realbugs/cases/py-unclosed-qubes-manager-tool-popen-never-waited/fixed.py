# Reduced from QubesOS/qubes-manager (qubesmanager/qube_manager.py)
import subprocess
import threading


def _spawn_tool(args):
    """Start a Qubes tool without blocking the manager, and reap it
    when it exits so no zombie is left behind."""
    proc = subprocess.Popen(args)
    threading.Thread(target=proc.wait, daemon=True).start()
    return proc


class QubeManagerWindow:
    """Qube Manager main window: toolbar actions launch the separate Qubes
    tools as child processes so the manager itself does not block."""

    def __init__(self, qapp):
        self.qapp = qapp

    def action_global_settings_triggered(self):
        _spawn_tool(["qubes-global-config"])

    def action_manage_templates_triggered(self):
        _spawn_tool(["qubes-template-manager"])

    def action_settings_triggered(self, vm_name):
        _spawn_tool(["qubes-vm-settings", vm_name])

    def action_open_console_triggered(self, vm_name):
        _spawn_tool(["qvm-console-dispvm", vm_name])


def main():
    window = QubeManagerWindow(qapp=None)
    # Every child is waited on by its reaper thread once it exits.
    for _ in range(3):
        window.action_global_settings_triggered()
        window.action_manage_templates_triggered()
        window.action_settings_triggered("work")


if __name__ == "__main__":
    main()
