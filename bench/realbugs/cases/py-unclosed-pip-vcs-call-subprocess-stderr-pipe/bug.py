"""Handles all VCS (version control) support"""
import logging
import os
import subprocess
from typing import Any, Iterable, List, Mapping, Optional, Union

logger = logging.getLogger(__name__)
subprocess_logger = logging.getLogger("pip.subprocessor")

CommandArgs = List[str]


class InstallationError(Exception):
    pass


def console_to_str(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


def format_command_args(args: Union[List[str], CommandArgs]) -> str:
    return " ".join(args)


def reveal_command_args(args: Union[List[str], CommandArgs]) -> List[str]:
    return list(args)


def call_subprocess(
    cmd: Union[List[str], CommandArgs],
    cwd: Optional[str] = None,
    extra_environ: Optional[Mapping[str, Any]] = None,
    extra_ok_returncodes: Optional[Iterable[int]] = None,
    log_failed_cmd: Optional[bool] = True,
) -> str:
    """extra_ok_returncodes: return codes accepted in addition to 0."""
    if extra_ok_returncodes is None:
        extra_ok_returncodes = []

    # log the subprocess output at DEBUG level.
    log_subprocess = subprocess_logger.debug

    env = os.environ.copy()
    if extra_environ:
        env.update(extra_environ)

    command_desc = format_command_args(cmd)
    try:
        proc = subprocess.Popen(
            # Convert HiddenText objects to the underlying str.
            reveal_command_args(cmd),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        if proc.stdin:
            proc.stdin.close()
    except Exception as exc:
        if log_failed_cmd:
            subprocess_logger.critical("Error %s while executing command %s", exc, command_desc)
        raise
    all_output = []
    while True:
        line = None
        if proc.stdout:
            line = console_to_str(proc.stdout.readline())
        if not line:
            break
        line = line.rstrip()
        all_output.append(line + "\n")

        # Show the line immediately.
        log_subprocess(line)
    try:
        proc.wait()
    finally:
        if proc.stdout:
            proc.stdout.close()

    proc_had_error = proc.returncode and proc.returncode not in extra_ok_returncodes
    if proc_had_error:
        raise InstallationError(f"Command errored out with exit status {proc.returncode}: {command_desc}")
    return "".join(all_output)


class VersionControl:
    name = ""
    unset_environ: tuple = ()

    @classmethod
    def run_command(
        cls,
        cmd: Union[List[str], CommandArgs],
        cwd: Optional[str] = None,
        extra_environ: Optional[Mapping[str, Any]] = None,
        extra_ok_returncodes: Optional[Iterable[int]] = None,
        log_failed_cmd: bool = True,
    ) -> str:
        """Run a VCS subcommand (a wrapper around call_subprocess)."""
        cmd = [cls.name] + list(cmd)
        return call_subprocess(cmd, cwd, extra_environ=extra_environ,
                               extra_ok_returncodes=extra_ok_returncodes,
                               log_failed_cmd=log_failed_cmd)


class Git(VersionControl):
    name = "git"

    @classmethod
    def get_revision(cls, location: str, rev: Optional[str] = None) -> str:
        if rev is None:
            rev = "HEAD"
        current_rev = cls.run_command(["rev-parse", rev], cwd=location)
        return current_rev.strip()


if __name__ == "__main__":
    print(Git.get_revision(os.getcwd()))
