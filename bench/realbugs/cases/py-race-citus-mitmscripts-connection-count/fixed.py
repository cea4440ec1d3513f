"""Reduction of citus' src/test/regress/mitmscripts/fluent.py before #3381.

mitmproxy calls the tcp_message() addon hook from its connection-handler
threads (one per proxied connection); the fifo command thread resets the
counter when the regression test asks for recorder.reset().
"""
import queue
import threading
from itertools import count


class TCPMessage(object):
    def __init__(self, content, from_client):
        self.content = content
        self.from_client = from_client


class TCPFlow(object):
    def __init__(self):
        self.messages = []


class RecorderCommand(object):
    def __init__(self, command):
        self.command = command


handler = None  # the current handler used to process packets
captured_messages = queue.Queue()  # where we store messages used for recorder.dump()
connection_count = count()  # so we can give connections ids in recorder.dump()


def handle_recorder(recorder):
    global connection_count
    if recorder.command == "reset":
        connection_count = count()
    results = []
    try:
        while True:
            results.append(captured_messages.get(block=False))
    except queue.Empty:
        pass
    return results


def tcp_message(flow):
    """Hit every time mitmproxy receives a packet: the script's main entrypoint."""
    global connection_count

    tcp_msg = flow.messages[-1]

    # Keep track of all the different connections, assign a unique id to each
    if not hasattr(flow, "connection_id"):
        flow.connection_id = next(connection_count)
    tcp_msg.connection_id = flow.connection_id
    tcp_msg.is_initial = len(flow.messages) == 1

    # record the message, for debugging purposes
    captured_messages.put(tcp_msg)


def proxy_connection(n_packets):
    flow = TCPFlow()
    for i in range(n_packets):
        flow.messages.append(TCPMessage(b"Q" * i, from_client=True))
        tcp_message(flow)


if __name__ == "__main__":
    threads = [threading.Thread(target=proxy_connection, args=(3,)) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = {m.connection_id for m in handle_recorder(RecorderCommand("dump"))}
    print(len(ids), "distinct connection ids for", len(threads), "connections")
