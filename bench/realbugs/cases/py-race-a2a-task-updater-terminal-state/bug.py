import asyncio
from enum import Enum


class TaskState(str, Enum):
    working = "working"
    completed = "completed"
    failed = "failed"
    canceled = "canceled"


TERMINAL_STATES = {TaskState.completed, TaskState.failed, TaskState.canceled}


class EventQueue:
    def __init__(self):
        self.events = []

    async def enqueue_event(self, event):
        await asyncio.sleep(0)  # hands control back to the loop
        self.events.append(event)


class TaskUpdater:
    def __init__(self, event_queue, task_id, context_id):
        self.event_queue = event_queue
        self.task_id = task_id
        self.context_id = context_id
        self._terminal_state_reached = False

    async def update_status(self, state, message=None, final=False):
        if self._terminal_state_reached:
            raise RuntimeError(f"Task {self.task_id} is already in a terminal state.")
        await self.event_queue.enqueue_event(
            {"task_id": self.task_id, "state": state, "message": message, "final": final}
        )
        if state in TERMINAL_STATES:
            self._terminal_state_reached = True

    async def complete(self, message=None):
        await self.update_status(TaskState.completed, message, final=True)

    async def failed(self, message=None):
        await self.update_status(TaskState.failed, message, final=True)


async def main():
    queue = EventQueue()
    updater = TaskUpdater(queue, "t-1", "ctx-1")
    results = await asyncio.gather(updater.complete(), updater.failed(), return_exceptions=True)
    print(results)
    print([e["state"].value for e in queue.events])


if __name__ == "__main__":
    asyncio.run(main())
