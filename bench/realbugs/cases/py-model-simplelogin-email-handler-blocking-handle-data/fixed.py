# Reduced from simple-login/app (email_handler.py, aiosmtpd MailHandler)
import asyncio
import concurrent.futures
import email
import logging
from smtplib import SMTP

from aiosmtpd.controller import Controller

LOG = logging.getLogger(__name__)
POSTFIX_SERVER = "localhost"
POSTFIX_PORT = 25


def get_forward_address(rcpt_to):
    # stands in for the alias lookup in the database
    return rcpt_to.replace("@sl.local", "@example.com")


def handle_forward(envelope, msg):
    """Forward an email sent to an alias to the mailbox owner. Synchronous:
    it opens an SMTP connection to postfix and sends the message."""
    forward_email = get_forward_address(envelope.rcpt_tos[0])
    smtp = SMTP(POSTFIX_SERVER, POSTFIX_PORT)
    smtp.sendmail(envelope.mail_from, [forward_email], msg.as_bytes())
    smtp.quit()
    return "250 Message accepted for delivery"


def handle(envelope):
    msg = email.message_from_bytes(envelope.original_content)
    return handle_forward(envelope, msg)


class MailHandler:
    def __init__(self):
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=4)

    async def handle_DATA(self, server, session, envelope):
        LOG.debug("===>> New message, mail from %s, rctp tos %s ",
                  envelope.mail_from, envelope.rcpt_tos)
        # The blocking forward runs in a thread pool; the loop stays free.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, handle, envelope)


def main(port=20381):
    handler = MailHandler()
    controller = Controller(handler, hostname="0.0.0.0", port=port)
    controller.start()
    LOG.info("Start mail controller %s %s", controller.hostname, controller.port)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()
        handler._executor.shutdown(wait=True)


if __name__ == "__main__":
    main()
