# Reduced from QubesOS/qubes-manager (qubesmanager/qube_manager.py)
import subprocess


class QubeManagerWindow:
    """Qube Manager main window: toolbar actions launch the separate Qubes
    tools as child processes so the manager itself does not block."""

    def __init__(self, qapp):
        self.qapp = qapp

    def action_global_settings_triggered(self):
        subprocess.Popen(["qubes-global-config"])

    def action_manage_templates_triggered(self):
        subprocess.Popen(["qubes-template-manager"])

    def action_settings_triggered(self, vm_name):
        subprocess.Popen(["qubes-vm-settings", vm_name])

    def action_open_console_triggered(self, vm_name):
        subprocess.Popen(["qvm-console-dispvm", vm_name])


def main():
    window = QubeManagerWindow(qapp=None)
    # Each click leaves one child; once the tool is closed it stays
    # <defunct> for as long as the manager runs, since nothing waits on it.
    for _ in range(3):
        window.action_global_settings_triggered()
        window.action_manage_templates_triggered()
        window.action_settings_triggered("work")


if __name__ == "__main__":
    main()
