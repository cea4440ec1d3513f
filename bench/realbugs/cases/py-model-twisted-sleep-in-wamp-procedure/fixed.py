"""A WAMP component whose registered procedure sleeps on the Twisted reactor thread."""
from autobahn.twisted.util import sleep
from autobahn.twisted.wamp import ApplicationRunner, ApplicationSession
from twisted.internet.defer import inlineCallbacks, returnValue


def crunch(rows):
    total = 0
    for row in rows:
        total += sum(row)
    return total


class AppSession(ApplicationSession):
    @inlineCallbacks
    def onJoin(self, details):
        @inlineCallbacks
        def add2(x, y):
            rows = yield self.call("com.example.rows", x, y)
            total = crunch(rows)
            yield sleep(5)  # pace the backend between batches
            returnValue(total + x + y)

        def ping():
            return "pong"

        yield self.register(add2, "com.example.add2")
        yield self.register(ping, "com.example.ping")
        print("procedures registered")


if __name__ == "__main__":
    runner = ApplicationRunner(url="ws://127.0.0.1:8080/ws", realm="realm1")
    runner.run(AppSession)
