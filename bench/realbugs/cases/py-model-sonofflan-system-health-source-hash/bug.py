import asyncio
import hashlib
import os

DOMAIN = "sonoff"


def source_hash() -> str:
    if source_hash.__doc__:
        return source_hash.__doc__

    try:
        m = hashlib.md5()
        path = os.path.dirname(os.path.abspath(__file__))
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for file in sorted(files):
                if not file.endswith(".py"):
                    continue
                path = os.path.join(root, file)
                with open(path, "rb") as f:
                    m.update(f.read())

        source_hash.__doc__ = m.hexdigest()[:7]
        return source_hash.__doc__

    except Exception as e:
        return repr(e)


class Integration:
    version = "3.5.4"


class XRegistryCloud:
    online = True


class XRegistryLocal:
    online = False


class XRegistry:
    def __init__(self):
        self.cloud = XRegistryCloud()
        self.local = XRegistryLocal()
        self.devices = {
            "1000abcdef": {"online": True, "local": False},
            "1000fedcba": {"online": False},
        }


class HomeAssistant:
    def __init__(self):
        self.data = {DOMAIN: {"entry1": XRegistry()}, "integrations": {DOMAIN: Integration()}}

    async def async_add_executor_job(self, target, *args):
        return await asyncio.get_running_loop().run_in_executor(None, target, *args)


async def system_health_info(hass: HomeAssistant):
    cloud_online = local_online = cloud_total = local_total = 0

    for registry in hass.data[DOMAIN].values():
        for device in registry.devices.values():
            if "online" in device:
                cloud_total += 1
                if registry.cloud.online and device["online"]:
                    cloud_online += 1
            if "local" in device:
                local_total += 1
                if registry.local.online and device["local"]:
                    local_online += 1

    integration = hass.data["integrations"][DOMAIN]
    info = {
        "version": f"{integration.version} ({source_hash()})",
        "cloud_online": f"{cloud_online} / {cloud_total}",
        "local_online": f"{local_online} / {local_total}",
    }

    return info


async def main():
    hass = HomeAssistant()
    print(await system_health_info(hass))


if __name__ == "__main__":
    asyncio.run(main())
