"""sublime_terminal: reduction of Terminal.py (TerminalCommand.run_terminal).

The plugin opens a terminal emulator in the current file's folder.  The
Sublime Text API (sublime / sublime_plugin) is stubbed out here.
"""
import locale
import os
import subprocess


class NotFoundError(Exception):
    pass


def error_message(text):
    print("[Terminal] " + text)


class TerminalSelector:
    default = None

    @staticmethod
    def get():
        if TerminalSelector.default:
            return TerminalSelector.default
        for candidate in ("/usr/bin/gnome-terminal", "/usr/bin/xterm"):
            if os.path.exists(candidate):
                TerminalSelector.default = candidate
                return candidate
        return "true"


class TerminalCommand:
    def get_path(self, paths):
        if paths:
            return paths[0]
        return os.getcwd()

    def run_terminal(self, dir_, terminal, parameters):
        try:
            if not dir_:
                raise NotFoundError("The file open in the selected view has "
                                    "not yet been saved")
            args = [terminal or TerminalSelector.get()]
            args.extend(parameters)
            encoding = locale.getpreferredencoding(do_setlocale=True)
            subprocess.Popen(args, cwd=dir_.encode(encoding))
        except OSError:
            error_message("Unable to open terminal")
        except NotFoundError as exception:
            error_message(str(exception))


class OpenTerminalCommand(TerminalCommand):
    def run(self, paths=None, parameters=None, terminal=None):
        path = self.get_path(paths or [])
        self.run_terminal(path, terminal, parameters or [])


if __name__ == "__main__":
    command = OpenTerminalCommand()
    # every "Open Terminal Here" leaves one <defunct> child behind
    for _ in range(5):
        command.run(paths=[os.getcwd()], terminal="true")
    print("opened 5 terminals")
