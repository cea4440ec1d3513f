"""splunk_hec_handler: SplunkHecHandler.__init__ leaks its probe socket when the connect fails."""
import logging
import socket
import json


class SplunkHecHandler(logging.Handler):
    """A logging handler that posts records to a Splunk HTTP Event Collector."""

    URL_PATTERN = "{0}://{1}:{2}/{3}"

    def __init__(self, host, token, **kwargs):
        logging.Handler.__init__(self)
        self.host = host
        self.token = token
        self.port = int(kwargs.get("port", 8080))
        self.proto = kwargs.get("proto", "https")
        self.timeout = float(kwargs.get("timeout", 0.5))
        self.endpoint = kwargs.get("endpoint", "services/collector")
        self.url = self.URL_PATTERN.format(self.proto, self.host, self.port, self.endpoint)
        self.session = None

        # Check connectivity before accepting the handler
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(self.timeout)
            s.connect((self.host, self.port))
            s.close()
        except Exception as err:
            logging.getLogger(__name__).debug("Failed to connect to remote Splunk server (%s)", err)
            raise

    def emit(self, record):
        body = {"event": self.format(record), "host": socket.gethostname()}
        payload = json.dumps(body)
        return payload


def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


if __name__ == "__main__":
    port = closed_port()
    failures = 0
    for _ in range(3):
        try:
            SplunkHecHandler("127.0.0.1", "token", port=port, proto="http")
        except OSError:
            failures += 1
    print("failed handlers:", failures)
