"""Reduced from Swar-Chia-Plot-Manager (plotmanager/library/utilities/jobs.py
and processes.py): plot jobs are started with subprocess.Popen and only their
pid is remembered; the manager later checks the pid, never the Popen."""
import os
import subprocess
import sys
import tempfile
import time


class Work:
    def __init__(self, job_name):
        self.job_name = job_name
        self.pid = None
        self.process = None
        self.log_file = None
        self.datetime_start = None


def start_work(job_name, log_directory):
    work = Work(job_name)
    plot_command = [sys.executable, '-c', 'import time; time.sleep(0.2)']
    work.log_file = os.path.join(log_directory, '%s.log' % job_name)
    with open(work.log_file, 'a') as log_file:
        process = subprocess.Popen(plot_command, stdout=log_file, stderr=log_file)
    work.process = process
    work.pid = process.pid
    work.datetime_start = time.time()
    return work


def manager(job_names, log_directory):
    running = {}
    for job_name in job_names:
        work = start_work(job_name, log_directory)
        running[work.pid] = work
    while running:
        for pid in list(running):
            work = running[pid]
            if work.process.poll() is not None:  # reaps the finished child
                print('plot finished:', running.pop(pid).job_name)
        time.sleep(0.05)


if __name__ == '__main__':
    manager(['job-1', 'job-2', 'job-3'], tempfile.gettempdir())
