"""Reduced from testing-cabal/testrepository#26: TestListingFixture.run_tests()
starts each test runner with subprocess.Popen(stdout=PIPE, stdin=PIPE) through
UI.subprocess_Popen, and the run command only reads stdout and waits on the
process; the pipes are never closed ('ResourceWarning: unclosed file')."""
import subprocess
import sys


class CLITestUI:
    def subprocess_Popen(self, *args, **kwargs):
        return subprocess.Popen(*args, **kwargs)


class ReturnCodeToSubunit:
    def __init__(self, process):
        self.proc = process
        self.source = self.proc.stdout

    def read(self):
        data = self.source.read()
        returncode = self.proc.wait()
        return data, returncode


class TestListingFixture:
    def __init__(self, ui, test_ids, template):
        self.ui = ui
        self.test_ids = test_ids
        self.template = template

    def run_tests(self):
        cmd = self.template + [" ".join(self.test_ids)]
        run_proc = self.ui.subprocess_Popen(
            cmd, stdout=subprocess.PIPE, stdin=subprocess.PIPE)
        # Prevent processes stalling if they read from stdin.
        run_proc.stdin.close()
        return [run_proc]


def run_command(ui):
    fixture = TestListingFixture(ui, ["test_a", "test_b"],
                                 [sys.executable, "-c", "import sys; print(sys.argv[1:])"])
    run_procs = [ReturnCodeToSubunit(proc) for proc in fixture.run_tests()]
    results = []
    for run_proc in run_procs:
        data, code = run_proc.read()
        results.append((data, code))
    return results


if __name__ == "__main__":
    print(run_command(CLITestUI()))
