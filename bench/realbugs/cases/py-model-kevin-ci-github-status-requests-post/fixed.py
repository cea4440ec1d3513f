"""kevin-ci: reduction of kevin/service/github.py (GitHubBuildStatusUpdater).

The CI master is a single asyncio event loop; every build update is
delivered to the watchers' on_update() coroutine.  The GitHub status
updater reported each step state to the GitHub status API with the
synchronous `requests` library.
"""
import asyncio
import functools
import json

import requests


class BuildState:
    def __init__(self, project, commit_hash, step, state, text):
        self.project = project
        self.commit_hash = commit_hash
        self.step = step
        self.state = state
        self.text = text


class GitHubBuildStatusUpdater:
    """Sends build step status updates to the github status api."""

    def __init__(self, repo, auth_user, auth_token, target_url):
        self.repo = repo
        self.auth = (auth_user, auth_token)
        self.target_url = target_url

    def status_url(self, commit_hash):
        return "https://api.github.com/repos/%s/statuses/%s" % (
            self.repo, commit_hash)

    async def on_update(self, update):
        if not isinstance(update, BuildState):
            return
        data = json.dumps({
            "context": update.step,
            "state": update.state,
            "description": update.text[:140],
            "target_url": self.target_url,
        })
        url = self.status_url(update.commit_hash)
        # run the blocking HTTP round trip in a worker thread
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(
            None,
            functools.partial(requests.post, url, data,
                              auth=self.auth, timeout=10))
        if not reply.ok:
            print("failed github status update: %s" % reply.text)


async def heartbeat(ticks):
    for _ in range(ticks):
        await asyncio.sleep(0.1)


async def main():
    updater = GitHubBuildStatusUpdater(
        "SFTtech/kevin", "kevin-bot", "token", "https://kevin.example/build")
    updates = [
        BuildState("kevin", "c0ffee", "build", "pending", "building..."),
        BuildState("kevin", "c0ffee", "test", "success", "all tests passed"),
    ]
    await asyncio.gather(heartbeat(20), *(updater.on_update(u) for u in updates))


if __name__ == "__main__":
    asyncio.run(main())
