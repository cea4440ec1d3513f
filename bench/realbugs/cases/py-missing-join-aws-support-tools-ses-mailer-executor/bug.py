import concurrent.futures
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)

MAX_THREADS = 10


class FakeSESClient:
    def send_email(self, Source, Destination, Message):
        return {"MessageId": "%s-%s" % (Source, Destination["ToAddresses"][0])}


class SESMailer:
    def __init__(self, ses_client, sender):
        self.ses = ses_client
        self.sender = sender

    def send_one(self, recipient, subject, body):
        resp = self.ses.send_email(
            Source=self.sender,
            Destination={"ToAddresses": [recipient]},
            Message={"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}},
        )
        return resp["MessageId"]

    def send_bulk(self, recipients, subject, body):
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=MAX_THREADS)
        future_to_rcpt = {
            executor.submit(self.send_one, rcpt, subject, body): rcpt for rcpt in recipients
        }
        sent, failed = [], []
        for future in concurrent.futures.as_completed(future_to_rcpt):
            rcpt = future_to_rcpt[future]
            try:
                sent.append(future.result())
            except Exception as exc:
                logger.error("failed to send to %s: %s", rcpt, exc)
                failed.append(rcpt)
        return sent, failed


MAILER = SESMailer(FakeSESClient(), "noreply@example.com")


def lambda_handler(event, context):
    # warm Lambda containers reuse the process: each invocation leaves MAX_THREADS more threads
    sent, failed = MAILER.send_bulk(event["recipients"], event["subject"], event["body"])
    logger.info("sent=%d failed=%d", len(sent), len(failed))
    return {"sent": len(sent), "failed": failed}


if __name__ == "__main__":
    for _ in range(5):
        lambda_handler({"recipients": ["a@x.org", "b@x.org"], "subject": "hi", "body": "hello"}, None)
