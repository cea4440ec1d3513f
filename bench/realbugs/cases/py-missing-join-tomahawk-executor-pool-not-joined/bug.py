import multiprocessing
import subprocess


def _command_mp(args):
    host, command, timeout = args
    proc = subprocess.run(
        ["echo", "[%s] %s" % (host, command)],
        stdout=subprocess.PIPE,
        timeout=timeout,
    )
    return host, proc.returncode, proc.stdout.decode()


class CommandExecutor:
    """Reduced from tomahawk.base.BaseExecutor / tomahawk.command.CommandExecutor."""

    def __init__(self, hosts, parallel=2, timeout=10):
        self.hosts = hosts
        self.parallel = parallel
        self.timeout = timeout
        self.process_pool = multiprocessing.Pool(processes=self.parallel)

    def execute(self, command):
        async_results = []
        for host in self.hosts:
            async_result = self.process_pool.apply_async(
                _command_mp, [(host, command, self.timeout)])
            async_results.append(async_result)

        exit_status = 0
        for async_result in async_results:
            host, rc, output = async_result.get(timeout=self.timeout)
            print(output, end="")
            if rc != 0:
                exit_status = 1
        return exit_status


def main():
    executor = CommandExecutor(["web1", "web2", "web3"], parallel=2)
    status = executor.execute("uptime")
    print("exit status", status)


if __name__ == "__main__":
    main()
