"""Reduced from NethServer/ns8-core agent: an action step reads the
output of a helper process, then starts a long-running step while the
helper's Popen object is never waited, leaving a zombie behind."""
import json
import subprocess
import sys


class ActionRunner:
    def __init__(self, agent_id):
        self.agent_id = agent_id

    def read_environment(self, helper):
        env = {}
        with subprocess.Popen(
            [helper, self.agent_id],
            stdout=subprocess.PIPE,
            text=True,
        ) as proc:
            for line in proc.stdout:
                key, _, value = line.rstrip("\n").partition("=")
                env[key] = value
        # leaving the with block closes stdout and waits for the helper
        return env

    def run_step(self, helper, step):
        env = self.read_environment(helper)
        completed = subprocess.run([step], env=env, check=False)
        return completed.returncode


def main():
    runner = ActionRunner(sys.argv[1] if len(sys.argv) > 1 else "module/traefik1")
    rc = runner.run_step("/usr/local/bin/agent-env", "/usr/local/bin/long-step")
    print(json.dumps({"exit_code": rc}))


if __name__ == "__main__":
    main()
