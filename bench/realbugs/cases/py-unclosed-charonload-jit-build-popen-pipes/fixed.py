"""charonload/_runner.py: run the CMake configure/build steps of a JIT-compiled torch extension."""
from __future__ import annotations

import enum
import io
import platform
import shutil
import subprocess
import sys
from typing import IO


class CommandNotFoundError(RuntimeError):
    pass


class _StepStatus(enum.Enum):
    SUCCESSFUL = enum.auto()
    FAILED = enum.auto()
    SKIPPED = enum.auto()


def _run(
    *,
    command_args: list[str],
    verbose: bool = True,
) -> tuple[_StepStatus, str | None]:
    command_args = _find_full_command_path(command_args)

    if verbose:
        print(f'Running: "{" ".join(command_args)}"')

    encoding = "utf-8" if platform.system() != "Windows" else "cp1252"

    with subprocess.Popen(
        command_args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding=encoding,
    ) as p:
        assert p.stdout is not None  # noqa: S101

        p_output = io.StringIO()
        _incrementally_read_text_stream(
            input_stream=p.stdout,
            output_streams=[sys.stdout] if verbose else [p_output],
        )

        return_code = p.wait()

    return (
        _StepStatus.SUCCESSFUL if return_code == 0 else _StepStatus.FAILED,
        None if verbose else p_output.getvalue(),
    )


def _run_if(
    *,
    condition: bool,
    command_args: list[str],
    verbose: bool = True,
) -> tuple[_StepStatus, str | None]:
    return _run(command_args=command_args, verbose=verbose) if condition else (_StepStatus.SKIPPED, None)


def _find_full_command_path(command_args: list[str]) -> list[str]:
    full_command_path = shutil.which(command_args[0])
    if full_command_path is None:
        raise CommandNotFoundError(command_args[0])
    return [full_command_path, *command_args[1:]]


def _incrementally_read_text_stream(input_stream: IO[str], output_streams: list[IO[str]]) -> None:
    while output_line := input_stream.read(1):
        for o in output_streams:
            o.write(output_line)
            o.flush()


if __name__ == "__main__":
    # python3 -X dev bug.py -> ResourceWarning: unclosed file <_io.TextIOWrapper name=3 encoding='utf-8'>
    status, log = _run(command_args=[sys.executable, "-c", "print('-- Configuring done')"], verbose=False)
    print(status, repr(log))
    print(_run_if(condition=True, command_args=[sys.executable, "-c", "print('[100%] Built target')"]))
