import logging
import subprocess
import threading

logger = logging.getLogger("krkn_ai")


def _stream_output(pipe, lines, do_not_log):
    for raw in iter(pipe.readline, ""):
        line = raw.rstrip("\n")
        lines.append(line)
        if not do_not_log:
            logger.info(line)


def run_shell(command, do_not_log=False, timeout=None):
    """Run a shell command, streaming its output to the log; return (output, rc)."""
    if not do_not_log:
        logger.debug("Running command: %s", command)
    process = subprocess.Popen(
        command,
        shell=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    reader = threading.Thread(
        target=_stream_output, args=(process.stdout, lines, do_not_log), daemon=True
    )
    reader.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        logger.warning("Command timed out, killing: %s", command)
        process.kill()
        process.wait()
    reader.join(timeout=5)
    if not reader.is_alive():
        process.stdout.close()
    return "\n".join(lines), process.returncode


def main():
    logging.basicConfig(level=logging.INFO)
    for _ in range(3):
        # the grandchild inherits stdout and keeps the pipe open after sh exits
        out, rc = run_shell("echo start; (sleep 30 &) ; echo done", timeout=10)
        print(rc, out)


if __name__ == "__main__":
    main()
