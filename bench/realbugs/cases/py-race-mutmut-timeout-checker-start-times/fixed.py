import os
import signal
from datetime import datetime
from threading import Lock, Thread
from time import sleep
from typing import Dict


START_TIMES_BY_PID_LOCK = Lock()


class SourceFileMutationData:
    def __init__(self, *, path):
        self.estimated_time_of_tests_by_mutant = {}
        self.path = path
        self.key_by_pid = {}
        self.exit_code_by_key = {}
        self.start_time_by_pid = {}
        self.estimated_time_of_tests_by_pid = {}

    def register_pid(self, *, pid, key, estimated_time_of_tests):
        self.key_by_pid[pid] = key
        with START_TIMES_BY_PID_LOCK:
            self.start_time_by_pid[pid] = datetime.now()
        self.estimated_time_of_tests_by_pid[pid] = estimated_time_of_tests

    def register_result(self, *, pid, exit_code):
        assert self.key_by_pid[pid] in self.exit_code_by_key
        self.exit_code_by_key[self.key_by_pid[pid]] = exit_code
        del self.key_by_pid[pid]
        with START_TIMES_BY_PID_LOCK:
            del self.start_time_by_pid[pid]
        self.save()

    def save(self):
        pass


def timeout_checker(mutants):
    def inner_timout_checker():
        while True:
            sleep(1)

            now = datetime.now()
            for m, mutant_name, result in mutants:
                # copy the dict under the lock so the main thread cannot resize it while we iterate
                with START_TIMES_BY_PID_LOCK:
                    start_time_by_pid = dict(m.start_time_by_pid)
                for pid, start_time in start_time_by_pid.items():
                    run_time = now - start_time
                    if run_time.total_seconds() > (m.estimated_time_of_tests_by_mutant[mutant_name] + 1) * 4:
                        try:
                            os.kill(pid, signal.SIGXCPU)
                        except ProcessLookupError:
                            pass
    return inner_timout_checker


def _run(mutants, max_children, run_tests):
    def read_one_child_exit_status():
        pid, wait_status = os.wait()
        exit_code = os.waitstatus_to_exitcode(wait_status)
        source_file_mutation_data_by_pid[pid].register_result(pid=pid, exit_code=exit_code)

    source_file_mutation_data_by_pid: Dict[int, SourceFileMutationData] = {}
    running_children = 0

    for m, mutant_name, result in mutants:
        m.estimated_time_of_tests_by_mutant[mutant_name] = 0.1

    Thread(target=timeout_checker(mutants), daemon=True).start()

    for m, mutant_name, result in mutants:
        estimated_time_of_tests = m.estimated_time_of_tests_by_mutant[mutant_name]
        pid = os.fork()
        if not pid:
            os.environ['MUTANT_UNDER_TEST'] = mutant_name
            os._exit(run_tests(mutant_name))
        else:
            source_file_mutation_data_by_pid[pid] = m
            m.register_pid(pid=pid, key=mutant_name, estimated_time_of_tests=estimated_time_of_tests)
            running_children += 1

        if running_children >= max_children:
            read_one_child_exit_status()
            running_children -= 1

    try:
        while running_children:
            read_one_child_exit_status()
            running_children -= 1
    except ChildProcessError:
        pass


if __name__ == '__main__':
    m = SourceFileMutationData(path='src/foo.py')
    names = [f'foo.x_bar__mutmut_{i}' for i in range(200)]
    m.exit_code_by_key = {n: None for n in names}
    _run([(m, n, None) for n in names], max_children=4, run_tests=lambda name: 1)
