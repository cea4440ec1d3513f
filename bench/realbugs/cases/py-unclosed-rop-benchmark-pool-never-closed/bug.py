"""Reduced from ispras/rop-benchmark issue #6 ("Do not forget to close process Pool")."""
import os
from multiprocessing import Pool


class Test:
    def __init__(self, tool: str, binary: str, check_only: bool):
        self.tool = tool
        self.binary = binary
        self.check_only = check_only

    def run(self):
        # the real benchmark runs the ROP tool and checks the generated chain
        return self.binary, len(self.binary) % 2 == 0


def run_test(test: Test):
    return test.run()


def collect_binaries(directory: str):
    return sorted(f for f in os.listdir(directory) if f.endswith(".bin")) if os.path.isdir(directory) else ["vul1.bin", "vul2.bin"]


def run_tests(tool: str, binaries, jobs: int, check_only: bool):
    tests = [Test(tool, b, check_only) for b in binaries]
    pool = Pool(processes=jobs)
    results = pool.map(run_test, tests)
    passed = sum(1 for _, ok in results if ok)
    return passed, len(results)


def main():
    tools = ["ropgadget", "ropper", "angrop"]
    binaries = collect_binaries("binaries/x86/reallife/vuln")
    for tool in tools:
        passed, total = run_tests(tool, binaries, jobs=os.cpu_count() or 2, check_only=False)
        print(f"{tool}: {passed}/{total}")


if __name__ == "__main__":
    main()
