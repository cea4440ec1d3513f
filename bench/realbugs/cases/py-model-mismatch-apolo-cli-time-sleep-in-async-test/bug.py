import asyncio
import time

JOB_WAIT_SLEEP_SECONDS = 0.2
JOB_TIMEOUT = 5


class JobStatus:
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"


class FakeJobsAPI:
    """Stands in for the platform client: status advances in a background task."""

    def __init__(self):
        self._status = JobStatus.PENDING

    async def run_job(self):
        await asyncio.sleep(0.3)
        self._status = JobStatus.RUNNING
        await asyncio.sleep(0.3)
        self._status = JobStatus.SUCCEEDED

    async def status(self, job_id):
        await asyncio.sleep(0)
        return self._status


async def wait_job_change_state_to(api, job_id, target_state):
    start_time = time.monotonic()
    status = await api.status(job_id)
    while status != target_state:
        if time.monotonic() - start_time > JOB_TIMEOUT:
            raise AssertionError("timeout waiting for %s" % target_state)
        time.sleep(JOB_WAIT_SLEEP_SECONDS)
        status = await api.status(job_id)
    return status


async def test_job_lifecycle():
    api = FakeJobsAPI()
    runner = asyncio.ensure_future(api.run_job())
    try:
        await wait_job_change_state_to(api, "job-1", JobStatus.RUNNING)
        await wait_job_change_state_to(api, "job-1", JobStatus.SUCCEEDED)
    finally:
        await runner


if __name__ == "__main__":
    asyncio.run(test_job_lifecycle())
    print("ok")
