#!/usr/local/lib/mailinabox/env/bin/python
# Checks that the upstream DNS has been set correctly and that
# TLS certificates have been signed, etc., and if not tells the user
# what to do next.

import multiprocessing.pool
import socket
import sys


def get_services():
    return [
        {"name": "Local DNS (bind9)", "port": 53, "public": False},
        {"name": "Postfix (SMTP)", "port": 25, "public": True},
        {"name": "Dovecot (IMAP)", "port": 993, "public": True},
        {"name": "Nginx (HTTPS)", "port": 443, "public": True},
    ]


class BufferedOutput:
    def __init__(self):
        self.buf = []

    def add_heading(self, heading):
        self.buf.append(("heading", heading))

    def print_ok(self, message):
        self.buf.append(("ok", message))

    def print_error(self, message):
        self.buf.append(("error", message))

    def playback(self, output):
        for kind, message in self.buf:
            getattr(output, "add_heading" if kind == "heading" else "print_" + kind)(message)


class ConsoleOutput(BufferedOutput):
    def add_heading(self, heading):
        print("\n" + heading + "\n" + "=" * len(heading))

    def print_ok(self, message):
        print("\u2713  " + message)

    def print_error(self, message):
        print("\u2717  " + message)


def check_service(i, service, env):
    output = BufferedOutput()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.2)
    try:
        s.connect(("127.0.0.1", service["port"]))
        output.print_ok("%s is running." % service["name"])
        running = True
    except OSError:
        output.print_error("%s is not running (port %d)." % (service["name"], service["port"]))
        running = False
    finally:
        s.close()
    return (i, running, False, output)


def run_services_checks(env, output, pool):
    all_running = True
    fatal = False
    ret = pool.starmap(check_service, ((i, service, env) for i, service in enumerate(get_services())), chunksize=1)
    for _i, running, fatal2, output2 in sorted(ret, key=lambda r: r[0]):
        all_running = all_running and running
        fatal = fatal or fatal2
        output2.playback(output)
    if all_running:
        output.print_ok("All system services are running.")
    return not fatal


def run_checks(rounded_values, env, output, pool, domains_to_check=None):
    output.add_heading("System")
    if not run_services_checks(env, output, pool):
        return


def run_and_output_changes(env, pool):
    out = BufferedOutput()
    run_checks(True, env, out, pool)
    out.playback(ConsoleOutput())


if __name__ == "__main__":
    env = {"PRIMARY_HOSTNAME": "box.example.com"}
    pool = multiprocessing.pool.Pool(processes=10)

    if len(sys.argv) == 1:
        run_checks(False, env, ConsoleOutput(), pool)
    elif sys.argv[1] == "--show-changes":
        run_and_output_changes(env, pool)
