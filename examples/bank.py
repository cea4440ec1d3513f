"""Two threads move money between accounts, each taking both account locks.

`transfer(a, b)` locks a then b, `transfer(b, a)` locks b then a: when both run at once each
thread holds one lock and waits for the other forever (a lock-order inversion, KN201).
"""

import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


checking = Account(100)
savings = Account(100)


def move_to_savings(amount):
    with checking.lock:
        with savings.lock:
            checking.balance -= amount
            savings.balance += amount


def move_to_checking(amount):
    with savings.lock:
        with checking.lock:
            savings.balance -= amount
            checking.balance += amount


def main():
    threads = [
        threading.Thread(target=move_to_savings, args=(10,)),
        threading.Thread(target=move_to_checking, args=(10,)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
