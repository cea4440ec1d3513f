from multiprocessing.pool import ThreadPool


class LanguageChecker:
    def __init__(self, words):
        self.words = set(words)

    def check(self, text):
        tokens = text.lower().split()
        if not tokens:
            return 0.0
        return sum(t in self.words for t in tokens) / len(tokens)


class Ciphey:
    def __init__(self, text, checker, workers=4):
        self.text = text
        self.checker = checker
        self.workers = workers

    def candidates(self):
        for shift in range(26):
            yield "".join(
                chr((ord(c) - 97 - shift) % 26 + 97) if c.isalpha() else c
                for c in self.text.lower()
            )

    def decrypt(self):
        with ThreadPool(self.workers) as pool:
            scored = pool.map(lambda c: (self.checker.check(c), c), list(self.candidates()))
            pool.close()
            pool.join()
        best = max(scored)
        return best[1] if best[0] > 0.5 else None


def main():
    checker = LanguageChecker(["hello", "world", "this", "is", "a", "test"])
    for _ in range(3):
        print(Ciphey("khoor zruog", checker).decrypt())


if __name__ == "__main__":
    main()
