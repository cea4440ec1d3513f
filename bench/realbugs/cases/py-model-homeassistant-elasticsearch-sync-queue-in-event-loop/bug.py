import asyncio
from datetime import UTC, datetime
from queue import Queue


def callback(func):  # homeassistant.core.callback: "safe to run in the event loop"
    func._hass_callback = True
    return func


class State:
    def __init__(self, entity_id, state):
        self.entity_id = entity_id
        self.domain = entity_id.split(".")[0]
        self.state = state


EventQueue = Queue  # Queue[tuple[datetime, State, StateChangeType]]


class Pipeline:
    class Manager:
        def __init__(self, states):
            self._states = states
            self._queue: EventQueue = Queue[tuple[datetime, State, str]]()
            self._listener = Pipeline.Listener(queue=self._queue)
            self._poller = Pipeline.Poller(states=states, queue=self._queue)
            self.published = []

        async def _sip_queue(self):
            while not self._queue.empty():
                timestamp, state, reason = self._queue.get()
                yield {"@timestamp": timestamp.isoformat(), "entity": state.entity_id, "reason": reason}

        async def _publish(self):
            async for doc in self._sip_queue():
                self.published.append(doc)

    class Listener:
        def __init__(self, queue: EventQueue):
            self._queue: EventQueue = queue

        @callback
        async def _handle_event(self, event):
            new_state = event.get("new_state")
            if new_state is None:
                return
            self._queue.put((event["time_fired"], new_state, "STATE"))

    class Poller:
        def __init__(self, states, queue: EventQueue):
            self._states = states
            self._queue: EventQueue = queue

        async def poll(self):
            now = datetime.now(tz=UTC)
            [self._queue.put((now, i, "NO_CHANGE")) for i in self._states]


async def main():
    states = [State("light.kitchen", "on"), State("sensor.temp", "21.5")]
    manager = Pipeline.Manager(states)
    for s in states:
        await manager._listener._handle_event({"new_state": s, "time_fired": datetime.now(tz=UTC)})
    await manager._poller.poll()
    await manager._publish()
    print(len(manager.published), "documents published")


if __name__ == "__main__":
    asyncio.run(main())
