"""Reduced from hardbyte/ha-evnex: the Home Assistant integration reads
its cached token file with a plain open() inside async_setup_entry, which
runs on the event loop ("Detected blocking call to open inside the event
loop")."""
import asyncio
import json
import os


class EvnexClient:
    def __init__(self, username, tokens):
        self.username = username
        self.tokens = tokens

    async def get_user_detail(self):
        await asyncio.sleep(0.01)
        return {"username": self.username, "orgs": ["home"]}


def _load_tokens(token_path):
    if not os.path.exists(token_path):
        return {}
    with open(token_path) as token_file:
        return json.load(token_file)


async def async_setup_entry(hass, entry):
    token_path = os.path.join(hass["config_dir"], ".evnex_tokens.json")
    loop = asyncio.get_running_loop()
    tokens = await loop.run_in_executor(None, _load_tokens, token_path)
    client = EvnexClient(entry["username"], tokens)
    user = await client.get_user_detail()
    hass.setdefault("evnex", {})[entry["entry_id"]] = {"client": client, "user": user}
    return True


async def main():
    hass = {"config_dir": "/tmp"}
    entry = {"entry_id": "abc", "username": "me@example.com"}
    print(await async_setup_entry(hass, entry))


if __name__ == "__main__":
    asyncio.run(main())
