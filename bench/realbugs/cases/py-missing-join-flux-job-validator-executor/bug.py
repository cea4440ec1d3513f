"""flux-core flux-job-validator (flux/job/validator/validator.py + cmd, reduced)."""
import concurrent.futures
import json
import sys
from abc import ABC, abstractmethod


class ValidatorResult:
    def __init__(self):
        self.errnum = 0
        self.errstr = None

    def push_result(self, errnum, errstr=None):
        if errnum != 0 and self.errnum == 0:
            self.errnum, self.errstr = errnum, errstr


class ValidatorPlugin(ABC):
    def configure(self, args):
        pass

    @abstractmethod
    def validate(self, job):
        raise NotImplementedError


class JobspecPlugin(ValidatorPlugin):
    def validate(self, job):
        if "resources" not in job["jobspec"]:
            return (1, "jobspec has no resources")
        return None


class JobValidator:
    default_validators = ["jobspec"]

    def __init__(self, argv):
        self.validators = []
        self.executor = None
        self.plugins = {"jobspec": JobspecPlugin}
        self.args = argv or self.default_validators

    def start(self):
        """Select and configure plugins, start executor, etc."""
        for name in self.args:
            plugin = self.plugins[name]()
            plugin.configure(self.args)
            self.validators.append(plugin)
        self.executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=len(self.validators),
        )
        return self

    def validate(self, jobinfo):
        if jobinfo is None:
            return (0, None)
        if isinstance(jobinfo, str):
            jobinfo = json.loads(jobinfo)
        futures = [
            self.executor.submit(validator.validate, jobinfo)
            for validator in self.validators
        ]
        result = ValidatorResult()
        for fut in concurrent.futures.as_completed(futures):
            try:
                res = fut.result()
                if res is not None:
                    result.push_result(*res)
            except (ValueError, TypeError, EnvironmentError) as exc:
                result.push_result(1, str(exc))
                for future in futures:
                    future.cancel()
            except concurrent.futures.CancelledError:
                pass
        return result


def main():
    validator = JobValidator(sys.argv[1:]).start()
    for line in sys.stdin:
        result = validator.validate(line)
        print(json.dumps({"errnum": result.errnum, "errstr": result.errstr}), flush=True)


if __name__ == "__main__":
    main()
