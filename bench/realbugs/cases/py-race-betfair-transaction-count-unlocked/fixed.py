"""betfairlightweight 0.6: reduction of the TransactionCount used by the
betting endpoint to track the hourly transaction limit.

Several strategy threads share one APIClient and call place_orders()
concurrently.
"""
import datetime
import threading


class TransactionCount:
    def __init__(self):
        self.current_hour = datetime.datetime.now().hour
        self.transactions = 0
        self._lock = threading.Lock()

    def add_transactions(self, instructions):
        with self._lock:
            self.check_hour()
            self.transactions += instructions

    def check_hour(self):
        # caller must hold self._lock
        now_hour = datetime.datetime.now().hour
        if now_hour != self.current_hour:
            self.current_hour = now_hour
            self.transactions = 0


class Betting:
    def __init__(self, client):
        self.client = client

    def place_orders(self, market_id, instructions):
        self.client.transaction_count.add_transactions(len(instructions))
        return {"marketId": market_id, "status": "SUCCESS",
                "instructionReports": len(instructions)}


class APIClient:
    def __init__(self, username):
        self.username = username
        self.transaction_count = TransactionCount()
        self.betting = Betting(self)


def strategy(client, market_id, rounds):
    for _ in range(rounds):
        client.betting.place_orders(market_id, [{"side": "BACK"}, {"side": "LAY"}])


def main():
    client = APIClient("user")
    threads = [threading.Thread(target=strategy, args=(client, "1.%d" % i, 50000))
               for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("transactions:", client.transaction_count.transactions,
          "expected:", 4 * 50000 * 2)


if __name__ == "__main__":
    main()
