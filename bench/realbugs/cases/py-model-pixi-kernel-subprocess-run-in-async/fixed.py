"""pixi-kernel (src/pixi_kernel/pixi.py + provisioner.py, reduced): check the Pixi env before launch."""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from jupyter_client.provisioning import LocalProvisioner
from pydantic import BaseModel, Field, ValidationError

MINIMUM_PIXI_VERSION = "0.30.0"

logger = logging.getLogger(__name__)


@dataclass
class CompletedProcess:
    returncode: int
    stdout: str
    stderr: str


async def subprocess_run(*args: str, cwd: Optional[Path] = None, env: dict[str, str]) -> CompletedProcess:
    process = await asyncio.create_subprocess_exec(
        *args, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await process.communicate()
    return CompletedProcess(process.returncode or 0, stdout.decode(), stderr.decode())


class Environment(BaseModel):
    name: str
    dependencies: list[str]
    pypi_dependencies: list[str]
    prefix: str


class Project(BaseModel):
    manifest_path: str


class PixiInfo(BaseModel):
    environments: list[Environment] = Field(alias="environments_info")
    project: Optional[Project] = Field(alias="project_info")


async def ensure_readiness(*, cwd: Path, env: dict[str, str], required_package: str,
                           kernel_name: str) -> Environment:
    """Ensure the Pixi environment is ready to run the kernel."""
    env.pop("PIXI_IN_SHELL", None)

    if shutil.which("pixi") is None:
        raise RuntimeError(f"Pixi not found, cannot start {kernel_name}")

    result = await subprocess_run("pixi", "--version", env=env)
    if result.returncode != 0 or not result.stdout.startswith("pixi "):
        raise RuntimeError(f"Could not determine the Pixi version for {kernel_name}")
    pixi_version = tuple(map(int, result.stdout[len("pixi "):].strip().split(".")))
    if pixi_version < tuple(map(int, MINIMUM_PIXI_VERSION.split("."))):
        raise RuntimeError(f"Pixi {MINIMUM_PIXI_VERSION} or newer is required")

    result = await subprocess_run("pixi", "info", "--json", cwd=cwd, env=env)
    logger.info(f"pixi info stdout: {result.stdout}")
    if result.returncode != 0:
        raise RuntimeError(f"Failed to run 'pixi info': {result.stderr}")
    try:
        pixi_info = PixiInfo.model_validate_json(result.stdout, strict=True)
    except ValidationError as exception:
        raise RuntimeError(f"Failed to parse 'pixi info' output: {result.stdout}") from exception

    for pixi_env in pixi_info.environments:
        if pixi_env.name == "default":
            default_environment = pixi_env
            break
    else:
        raise RuntimeError("Default Pixi environment not found.")

    if required_package not in default_environment.dependencies + default_environment.pypi_dependencies:
        raise RuntimeError(f"{required_package} is not a dependency of {default_environment.prefix}")

    # Make sure the environment can be solved and is up-to-date (downloads, may take minutes)
    result = await subprocess_run("pixi", "install", cwd=cwd, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"Failed to run 'pixi install': {result.stderr}")

    return default_environment


class PixiKernelProvisioner(LocalProvisioner):  # type: ignore[misc]
    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        kernel_spec = self.kernel_spec
        required_package = kernel_spec.metadata["required-package"]
        cwd = Path(kwargs.get("cwd", os.getcwd()))
        env: dict[str, str] = kwargs.get("env", os.environ.copy())

        environment = await ensure_readiness(
            cwd=cwd.resolve(), env=env, required_package=required_package,
            kernel_name=kernel_spec.display_name,
        )
        kernel_spec.argv = ["pixi", "run", "--manifest-path", str(cwd / "pixi.toml"),
                            "--frozen", "--environment", environment.name] + kernel_spec.argv
        return await super().pre_launch(**kwargs)
