"""Sending an alert e-mail from a coroutine with loop.run_until_complete()."""
import asyncio
from email.message import EmailMessage


# --- aiosmtplib (third-party library) -----------------------------------------
class SMTP:
    def __init__(self, hostname, port, loop=None):
        self.hostname, self.port, self.loop = hostname, port, loop
        self.connected = False

    async def connect(self):
        await asyncio.sleep(0.01)
        self.connected = True

    async def send_message(self, message):
        await asyncio.sleep(0.01)
        return {}, "OK"


# --- the application ------------------------------------------------------------
class Mailer:
    def __init__(self, loop):
        self.loop = loop
        self.smtp = SMTP(hostname="127.0.0.1", port=1025, loop=loop)

    async def send_alert(self, text):
        message = EmailMessage()
        message["Subject"] = "sensor alert"
        message.set_content(text)
        await self.smtp.connect()
        return await self.smtp.send_message(message)


async def watch_sensor(mailer, readings):
    for value in readings:
        await asyncio.sleep(0.01)  # the loop is busy with this task too
        if value > 90:
            await mailer.send_alert("temperature %d" % value)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    mailer = Mailer(loop)
    try:
        loop.run_until_complete(watch_sensor(mailer, [20, 95]))
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    finally:
        loop.close()
