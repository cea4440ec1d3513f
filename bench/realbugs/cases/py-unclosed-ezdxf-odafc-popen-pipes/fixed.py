import logging
import os
import platform
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

logger = logging.getLogger("ezdxf")

WINDOWS = "Windows"
LINUX = "Linux"
DARWIN = "Darwin"

win_exec_path = r"C:\Program Files\ODA\ODAFileConverter\ODAFileConverter.exe"
unix_exec_path = "ODAFileConverter"


class ODAFCError(IOError):
    pass


def _get_odafc_path(system: str) -> str:
    return win_exec_path if system == WINDOWS else unix_exec_path


def _odafc_arguments(filename, in_folder, out_folder, output_format="DXF", version="ACAD2013", audit=False):
    recursive = "0"
    return [in_folder, out_folder, version, output_format, recursive, "1" if audit else "0", filename]


def _run_with_no_gui(system: str, command: str, arguments: list[str]) -> subprocess.CompletedProcess:
    if system == LINUX:
        proc = subprocess.run(
            [command] + arguments,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    elif system == DARWIN:
        proc = subprocess.run(
            ["open", "-W", command, "--args"] + arguments,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    else:
        raise ODAFCError(f"unsupported platform: {system}")
    return proc


def _odafc_failed(system: str, returncode: int, stderr: str) -> bool:
    if returncode != 0:
        return True
    return "Error" in stderr


def _execute_odafc(arguments: list[str]) -> Optional[bytes]:
    logger.debug(f"Running ODAFileConverter with arguments: {arguments}")
    system = platform.system()
    oda_fc = _get_odafc_path(system)
    proc = _run_with_no_gui(system, oda_fc, arguments)
    returncode = proc.returncode
    stderr = proc.stderr.decode()
    if _odafc_failed(system, returncode, stderr):
        msg = f"ODA File Converter failed: return code = {returncode}.\nstderr: {stderr}"
        raise ODAFCError(msg)
    return proc.stdout


def convert(source: str, dest: str = "", *, version="R2018", audit=True) -> None:
    source_ = Path(source).absolute()
    dest_ = Path(dest).absolute() if dest else source_.with_suffix(".dwg")
    with tempfile.TemporaryDirectory(prefix="odafc_") as tmp_dir:
        args = _odafc_arguments(source_.name, str(source_.parent), tmp_dir, output_format="DWG", version=version, audit=audit)
        _execute_odafc(args)
        out_file = Path(tmp_dir) / source_.with_suffix(".dwg").name
        if out_file.exists():
            os.replace(out_file, dest_)


if __name__ == "__main__":
    unix_exec_path = "true"  # stand-in for the converter binary
    convert("drawing.dxf", "/tmp/drawing.dwg")
