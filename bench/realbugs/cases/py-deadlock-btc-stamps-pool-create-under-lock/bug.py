"""btc_stamps: ConnectionPool.get_connection() creates a connection under the pool lock when the queue is empty."""
import logging
import queue
import threading

logger = logging.getLogger(__name__)


class FakeConnection:
    def __init__(self, dsn):
        self.dsn = dsn

    def ping(self):
        return True


class ConnectionPool:
    def __init__(self, dsn, max_size=2):
        self.dsn = dsn
        self.max_size = max_size
        self._pool = queue.Queue(maxsize=max_size)
        self._all = []
        self._lock = threading.Lock()

    def _create_connection(self):
        conn = FakeConnection(self.dsn)
        with self._lock:
            self._all.append(conn)
        logger.debug("created connection %d", len(self._all))
        return conn

    def get_connection(self):
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            with self._lock:
                if len(self._all) < self.max_size:
                    return self._create_connection()
        return self._pool.get(timeout=5)

    def put_connection(self, conn):
        self._pool.put_nowait(conn)


class DatabaseManager:
    def __init__(self, dsn):
        self.pool = ConnectionPool(dsn)

    def connect(self):
        conn = self.pool.get_connection()
        conn.ping()
        return conn


if __name__ == "__main__":
    db = DatabaseManager("mysql://localhost/stamps")
    t = threading.Thread(target=db.connect, daemon=True)
    t.start()
    t.join(timeout=1)
    print("deadlocked" if t.is_alive() else "ok")
