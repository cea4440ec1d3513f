"""Reduction of ignis/services/applications/application.py (Application.launch)
before the fix for issue #201."""
import shlex
import subprocess


class Application(object):
    def __init__(self, app_id, name, exec_string, terminal=False):
        self.id = app_id
        self.name = name
        self.exec_string = exec_string
        self.terminal = terminal

    def _format_command(self, command_format, terminal_format):
        command = self.exec_string
        for field in ("%f", "%F", "%u", "%U"):
            command = command.replace(field, "")
        if self.terminal and terminal_format:
            command = terminal_format.replace("%command%", command)
        if command_format:
            command = command_format.replace("%command%", command)
        return command.strip()

    def launch(self, command_format=None, terminal_format=None):
        command = self._format_command(command_format, terminal_format)
        subprocess.Popen(
            shlex.split(command),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


class ApplicationsService(object):
    def __init__(self, apps):
        self.apps = apps

    def search(self, query):
        return [a for a in self.apps if query.lower() in a.name.lower()]


def main():
    service = ApplicationsService([
        Application("org.gnome.Calculator", "Calculator", "true %U"),
        Application("foot", "Foot", "true"),
    ])
    # The shell stays up for days; every launcher click leaves a <defunct>
    # child behind once the app exits, because nothing ever waits on it.
    for _ in range(20):
        for app in service.search("c"):
            app.launch()


if __name__ == "__main__":
    main()
