"""old-knossos: reduction of knossos/multipart.py (multipart mod upload).

Worker threads upload parts; every finished part updates the shared
progress via _update_status(), which takes self._status_lock.
"""
import threading


class MultipartUploader(object):
    def __init__(self, parts):
        self._parts = list(parts)
        self._done = 0
        self._failed = []
        self._status_lock = threading.Lock()
        self._progress = 0.0

    def _update_status(self):
        with self._status_lock:
            total = len(self._parts)
            self._progress = float(self._done) / total if total else 1.0
            print('progress %.0f%%' % (self._progress * 100))

    def _upload_part(self, idx):
        data = self._parts[idx]
        # pretend to send the chunk to the server
        return len(data) > 0

    def _part_worker(self, idx):
        ok = self._upload_part(idx)
        with self._status_lock:
            if ok:
                self._done += 1
            else:
                self._failed.append(idx)
            # the status is refreshed while the lock is still held
            self._update_status()

    def upload(self):
        threads = []
        for idx in range(len(self._parts)):
            t = threading.Thread(target=self._part_worker, args=(idx,))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        return not self._failed


if __name__ == '__main__':
    up = MultipartUploader([b'a' * 10, b'b' * 10, b'c' * 10])
    print('upload ok:', up.upload())
