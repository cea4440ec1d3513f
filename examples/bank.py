"""Two threads move money between two accounts, each taking both account locks.

`move_to_savings` locks checking then savings, `move_to_checking` locks savings then checking:
when both run at once each thread holds one lock and waits for the other forever
(a lock-order inversion, KN201).
"""

import threading

balances = {"checking": 100, "savings": 100}
checking_lock = threading.Lock()
savings_lock = threading.Lock()


def move_to_savings(amount):
    with checking_lock:
        with savings_lock:
            balances["checking"] -= amount
            balances["savings"] += amount


def move_to_checking(amount):
    with savings_lock:
        with checking_lock:
            balances["savings"] -= amount
            balances["checking"] += amount


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
