"""Transfers between accounts: both locks are always taken in one global order (by id)."""
import threading


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()


def _ordered(a, b):
    return (a, b) if id(a) < id(b) else (b, a)


def transfer(src, dst, amount):
    first, second = _ordered(src, dst)
    with first.lock:
        with second.lock:
            if src.balance < amount:
                return False
            src.balance -= amount
            dst.balance += amount
            return True


def audit(accounts):
    held = sorted(accounts, key=id)
    for acc in held:
        acc.lock.acquire()
    try:
        return sum(acc.balance for acc in accounts)
    finally:
        for acc in reversed(held):
            acc.lock.release()


def main():
    a, b = Account("a", 1000), Account("b", 1000)
    workers = [threading.Thread(target=transfer, args=(a, b, 1)) for _ in range(50)]
    workers += [threading.Thread(target=transfer, args=(b, a, 1)) for _ in range(50)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("total", audit([a, b]))


if __name__ == "__main__":
    main()
