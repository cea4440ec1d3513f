"""pyinotify: reduction of the command-line mode (python -m pyinotify -c CMD).

For every event on the watched path the configured shell command is run
in the background.
"""
import os
import subprocess
import sys
import time


class Event(object):
    def __init__(self, pathname, maskname):
        self.pathname = pathname
        self.maskname = maskname


class ProcessEvent(object):
    def __call__(self, event):
        return self.process_default(event)


class Command(ProcessEvent):
    def __init__(self, command):
        self.command = command

    def process_default(self, event):
        print('<Event pathname=%s maskname=%s>' % (event.pathname, event.maskname))
        subprocess.Popen(self.command, shell=True)


def loop(handler, events):
    for ev in events:
        handler(ev)
        time.sleep(0.2)


if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else 'sleep 0.1'
    events = [Event('/tmp/input.log', 'IN_MODIFY') for _ in range(5)]
    loop(Command(cmd), events)
    os.system('ps -o pid,stat,comm --ppid %d' % os.getpid())
