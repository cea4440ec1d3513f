# Reduced from talkpython/async-techniques-python-course
# src/06-thread-safety/safe_bank_fine_grained.py
import random
import threading
import time


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = threading.RLock()


def create_accounts():
    return [Account(balance=random.randint(5000, 10000)) for _ in range(6)]


def do_transfer(from_account: Account, to_account: Account, amount: int):
    if from_account.balance < amount:
        return

    # Transfers take the two account locks in a global (id) order.
    lock1, lock2 = (
        (from_account.lock, to_account.lock)
        if id(from_account) < id(to_account)
        else (to_account.lock, from_account.lock)
    )

    with lock1:
        with lock2:
            from_account.balance -= amount
            time.sleep(0.000)
            to_account.balance += amount


def validate_bank(accounts, total, quiet=False):
    # Same global (id) order as do_transfer().
    [a.lock.acquire() for a in sorted(accounts, key=lambda x: id(x))]
    current = sum(a.balance for a in accounts)
    [a.lock.release() for a in accounts]

    if current != total:
        print("ERROR: Inconsistent account balance: ${:,} vs ${:,}".format(current, total))
    elif not quiet:
        print("All good: Consistent account balance: ${:,}".format(total))


def get_two_accounts(accounts):
    a1 = random.choice(accounts)
    a2 = a1
    while a2 == a1:
        a2 = random.choice(accounts)
    return a1, a2


def do_bank_stuff(accounts, total):
    for _ in range(10000):
        a1, a2 = get_two_accounts(accounts)
        amount = random.randint(1, 100)
        do_transfer(a1, a2, amount)
        validate_bank(accounts, total, quiet=True)


def main():
    accounts = create_accounts()
    total = sum(a.balance for a in accounts)
    validate_bank(accounts, total)
    jobs = [threading.Thread(target=do_bank_stuff, args=(accounts, total)) for _ in range(5)]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
    validate_bank(accounts, total)


if __name__ == "__main__":
    main()
