import subprocess
import sys
import threading


class StatusFile:
    def __init__(self, filename):
        self.filename = filename

    def write(self, **kwargs):
        pass


def stream(source, destination):
    for line in iter(source.readline, b""):
        destination.write(line)
        destination.flush()


def run_proc(output_path, command, run_id, proc):
    status_file = StatusFile(output_path + "/status")
    status_file.write(run_id=run_id, command=command, pid=proc.pid)
    returncode = proc.wait()
    status_file.write(run_id=run_id, command=command, return_code=returncode)
    return returncode


def main(output_path, run_id, command):
    proc = subprocess.Popen(
        command,
        shell=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    threads = [
        threading.Thread(target=stream, args=(proc.stdout, sys.stdout.buffer), daemon=True),
        threading.Thread(target=stream, args=(proc.stderr, sys.stderr.buffer), daemon=True),
    ]
    for t in threads:
        t.start()
    returncode = run_proc(output_path, command, run_id, proc)
    for t in threads:
        t.join()
    sys.exit(returncode)


if __name__ == "__main__":
    main("/tmp", "job.0.action", "python3 -c \"print('\\n'.join('line %d' % i for i in range(1000)))\"")
