import asyncio
import json
import subprocess

from fastapi import APIRouter, HTTPException

router = APIRouter()

COMPOSE = ["docker", "compose", "-f", "/app/docker-compose.yml"]


@router.get("/gateway/status")
async def gateway_status():
    result = subprocess.run(
        COMPOSE + ["ps", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode != 0:
        raise HTTPException(status_code=500, detail=result.stderr)
    services = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {"services": [{"name": s.get("Service"), "state": s.get("State")} for s in services]}


@router.post("/gateway/restart")
async def restart_gateway():
    result = subprocess.run(
        COMPOSE + ["restart", "mcp-gateway"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise HTTPException(status_code=500, detail=result.stderr)
    return {"status": "restarted"}


async def main():
    print(await asyncio.gather(gateway_status(), restart_gateway(), return_exceptions=True))


if __name__ == "__main__":
    asyncio.run(main())
