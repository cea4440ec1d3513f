"""tuya-local: the integration builds a tinytuya.Device inside the event loop."""
import asyncio
import time


# --- tinytuya (third-party library) -----------------------------------------
def find_device(dev_id, retries=3):
    """Broadcast-scan the LAN for the device's address."""
    for _ in range(retries):
        time.sleep(0.2)  # wait for UDP discovery replies
    return "192.168.1.40"


class Device:
    def __init__(self, dev_id, address=None, local_key=""):
        if address is None or address == "Auto":
            address = find_device(dev_id)
        self.id = dev_id
        self.address = address
        self.local_key = local_key


# --- custom_components/tuya_local/device.py ----------------------------------
class TuyaLocalDevice:
    def __init__(self, name, dev_id, address, local_key, hass):
        self._name = name
        self._hass = hass
        self._api = Device(dev_id, address, local_key)
        self._cached_state = {}


def setup_device(hass, config):
    device = TuyaLocalDevice(config["name"], config["device_id"], config["host"],
                             config["local_key"], hass)
    hass.data.setdefault("tuya_local", {})[config["device_id"]] = device
    return device


# --- custom_components/tuya_local/__init__.py ---------------------------------
class HomeAssistant:
    def __init__(self):
        self.data = {}

    async def async_add_executor_job(self, target, *args):
        return await asyncio.get_running_loop().run_in_executor(None, target, *args)


async def async_setup_entry(hass, entry):
    setup_device(hass, entry)
    return True


async def main():
    hass = HomeAssistant()
    entry = {"name": "heater", "device_id": "bf12", "host": "Auto", "local_key": "k"}
    start = time.monotonic()
    ticker = asyncio.create_task(asyncio.sleep(0.1))
    await async_setup_entry(hass, entry)
    await ticker
    print("setup took %.1fs with the loop blocked" % (time.monotonic() - start))


if __name__ == "__main__":
    asyncio.run(main())
