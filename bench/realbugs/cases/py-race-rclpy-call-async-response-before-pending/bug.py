import threading
import time
from typing import Dict

from rclpy.task import Future


class _ClientHandle:
    """Stand-in for the C extension client (rcl_send_request / rcl_take_response)."""

    def __init__(self):
        self._seq = 0
        self._responses = []
        self._cv = threading.Condition()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_request(self, request):
        with self._cv:
            self._seq += 1
            # the service may answer before send_request even returns
            self._responses.append((self._seq, request * 2))
            self._cv.notify_all()
            return self._seq

    def take_response(self):
        with self._cv:
            while not self._responses:
                self._cv.wait()
            return self._responses.pop(0)


class Client:
    def __init__(self, handle):
        self.handle = handle
        self.__client = handle
        self._pending_requests: Dict[int, Future] = {}

    def remove_pending_request(self, future: Future) -> None:
        for seq, req_future in list(self._pending_requests.items()):
            if future == req_future:
                try:
                    del self._pending_requests[seq]
                except KeyError:
                    pass
                break

    def call_async(self, request) -> Future:
        with self.handle:
            sequence_number = self.__client.send_request(request)
        if sequence_number in self._pending_requests:
            raise RuntimeError(f'Sequence ({sequence_number}) conflicts with pending request')

        future = Future()
        self._pending_requests[sequence_number] = future

        future.add_done_callback(self.remove_pending_request)

        return future


class MultiThreadedExecutor:
    def __init__(self, client):
        self._client = client

    def _take_client(self, client):
        with client.handle:
            return client.handle.take_response()

    def _execute_client(self, client, seq_and_response):
        sequence, response = seq_and_response
        try:
            future = client._pending_requests[sequence]
        except KeyError:
            # The request was cancelled
            pass
        else:
            future._set_executor(self)
            future.set_result(response)

    def spin(self, n):
        for _ in range(n):
            self._execute_client(self._client, self._take_client(self._client))


def main():
    client = Client(_ClientHandle())
    executor = MultiThreadedExecutor(client)
    spinner = threading.Thread(target=executor.spin, args=(3,))
    spinner.start()
    futures = [client.call_async(i) for i in range(3)]
    time.sleep(0.5)
    print([f.done() for f in futures])  # a response taken early is dropped as "cancelled"
    spinner.join(timeout=1)


if __name__ == '__main__':
    main()
