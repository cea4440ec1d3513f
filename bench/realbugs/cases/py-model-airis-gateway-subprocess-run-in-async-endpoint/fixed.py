import asyncio
import json

from fastapi import APIRouter, HTTPException

router = APIRouter()

COMPOSE = ["docker", "compose", "-f", "/app/docker-compose.yml"]


async def _run(args, timeout):
    proc = await asyncio.create_subprocess_exec(
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=timeout)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise HTTPException(status_code=504, detail="docker compose timed out")
    return proc.returncode, stdout.decode(), stderr.decode()


@router.get("/gateway/status")
async def gateway_status():
    rc, out, err = await _run(COMPOSE + ["ps", "--format", "json"], timeout=30)
    if rc != 0:
        raise HTTPException(status_code=500, detail=err)
    services = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {"services": [{"name": s.get("Service"), "state": s.get("State")} for s in services]}


@router.post("/gateway/restart")
async def restart_gateway():
    rc, _out, err = await _run(COMPOSE + ["restart", "mcp-gateway"], timeout=120)
    if rc != 0:
        raise HTTPException(status_code=500, detail=err)
    return {"status": "restarted"}


async def main():
    print(await asyncio.gather(gateway_status(), restart_gateway(), return_exceptions=True))


if __name__ == "__main__":
    asyncio.run(main())
