"""Reduced from chatGPTwebQQbot: QQ message handler forwarding to ChatGPT web."""
import asyncio
import time


class ChatSession:
    def __init__(self, session_id):
        self.session_id = session_id
        self.history = []

    async def ask(self, prompt):
        await asyncio.sleep(0.1)  # network round-trip to the ChatGPT web endpoint
        if len(prompt) % 7 == 0:
            raise ConnectionError("Too many requests in 1 hour. Try again later.")
        self.history.append(prompt)
        return "reply to: " + prompt


class Bot:
    def __init__(self):
        self.sessions = {}

    def get_session(self, session_id):
        if session_id not in self.sessions:
            self.sessions[session_id] = ChatSession(session_id)
        return self.sessions[session_id]

    async def handle_message(self, session_id, text, retries=3):
        session = self.get_session(session_id)
        for attempt in range(retries):
            try:
                return await session.ask(text)
            except ConnectionError:
                # back off before retrying the request
                time.sleep(5)
        return "ChatGPT is busy, please try again later."

    async def send_group_reminder(self, group_id):
        while True:
            await asyncio.sleep(60)
            print("reminder for", group_id)


async def main():
    bot = Bot()
    reminder = asyncio.create_task(bot.send_group_reminder(10001))
    replies = await asyncio.gather(
        bot.handle_message("friend-1", "hello"),
        bot.handle_message("group-2", "tell me a joke"),
    )
    print(replies)
    reminder.cancel()
    try:
        await reminder
    except asyncio.CancelledError:
        pass


if __name__ == "__main__":
    asyncio.run(main())
