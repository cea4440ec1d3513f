"""HAP-python: mDNS updates and state writes are scheduled with asyncio.ensure_future and dropped."""
import asyncio
import json
import logging
import os
import tempfile

logger = logging.getLogger(__name__)

_BACKGROUND_TASKS = set()


def callback(func):
    """Decorator for callbacks that are safe to run inside the event loop."""
    setattr(func, "_hass_callback", True)
    return func


def async_create_background_task(func):
    """Create a background task and add it to the set of background tasks."""
    task = asyncio.ensure_future(func)
    _BACKGROUND_TASKS.add(task)
    task.add_done_callback(_BACKGROUND_TASKS.discard)
    return task


class AsyncZeroconfAdvertiser:
    def __init__(self):
        self.updates = 0

    async def async_update_service(self, info):
        await asyncio.sleep(0.01)  # zeroconf re-announces the record
        self.updates += 1


class AccessoryDriver:
    def __init__(self, loop, persist_file):
        self.loop = loop
        self.persist_file = persist_file
        self.advertiser = AsyncZeroconfAdvertiser()
        self.config_version = 1
        self.paired_clients = {}
        self.mdns_service_info = None

    def update_advertisement(self):
        """Updates the mDNS service info for the accessory."""
        self.loop.call_soon_threadsafe(self.async_update_advertisement)

    @callback
    def async_update_advertisement(self):
        """Updates the mDNS service info for the accessory from the event loop."""
        logger.debug("Updating mDNS advertisement")
        self.mdns_service_info = {"c#": self.config_version, "sf": int(not self.paired_clients)}
        async_create_background_task(
            self.advertiser.async_update_service(self.mdns_service_info)
        )

    @callback
    def async_persist(self):
        """Saves the state of the accessory. Must be run in the event loop."""
        loop = asyncio.get_event_loop()
        logger.debug("Scheduling write of accessory state to disk")
        async_create_background_task(loop.run_in_executor(None, self.persist))

    def persist(self):
        """Saves the state of the accessory. Must run in executor."""
        with open(self.persist_file, "w", encoding="utf8") as file_handle:
            json.dump({"c#": self.config_version, "paired": self.paired_clients}, file_handle)

    def finish_pair(self):
        """Finishing pairing or unpairing: persist, then update the mDNS service."""
        self.config_version += 1
        self.persist()
        self.update_advertisement()


class HAPServerProtocol(asyncio.Protocol):
    def __init__(self, loop, accessory_driver):
        self.loop = loop
        self.accessory_driver = accessory_driver

    def _process_response(self, response):
        """Process a response from the handler."""
        # Only update mDNS after sending the response
        if response.get("pairing_changed"):
            async_create_background_task(
                self.loop.run_in_executor(None, self.accessory_driver.finish_pair)
            )


async def main():
    loop = asyncio.get_running_loop()
    path = os.path.join(tempfile.mkdtemp(), "accessory.state")
    driver = AccessoryDriver(loop, path)
    protocol = HAPServerProtocol(loop, driver)
    driver.paired_clients["client-1"] = "ltpk"
    protocol._process_response({"pairing_changed": True})
    driver.async_persist()
    await asyncio.sleep(0.1)
    print("advertisement updates:", driver.advertiser.updates)


if __name__ == "__main__":
    asyncio.run(main())
