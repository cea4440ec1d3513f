"""Reduced from culture (culture/clients/*/daemon.py): the agent daemon reacts
to IRC mentions by firing asyncio.create_task() and dropping the Task."""
import asyncio


class AgentDaemon:
    def __init__(self, nick):
        self.nick = nick
        self.handled = []
        self._stopping = False

    async def _handle_mention(self, channel, text):
        # the real daemon hands the mention to the agent backend here
        await asyncio.sleep(0.01)
        self.handled.append((channel, text))

    async def _send_keepalive(self):
        await asyncio.sleep(0)

    def on_privmsg(self, channel, text):
        if self.nick in text:
            asyncio.create_task(self._handle_mention(channel, text))

    async def run(self, lines):
        for channel, text in lines:
            self.on_privmsg(channel, text)
            await self._send_keepalive()
        self._stopping = True
        print('handled %d mentions' % len(self.handled))


async def main():
    daemon = AgentDaemon('culture-bot')
    lines = [
        ('#general', 'hello world'),
        ('#general', 'culture-bot: summarize the thread'),
        ('#dev', 'culture-bot: run the tests'),
        ('#dev', 'unrelated chatter'),
    ]
    await daemon.run(lines)


if __name__ == '__main__':
    asyncio.run(main())
