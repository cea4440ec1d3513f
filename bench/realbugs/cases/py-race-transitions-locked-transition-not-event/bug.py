# Reduced from pytransitions/transitions (transitions/extensions/locking.py)
import threading
import time


class LockedMachine:
    def __init__(self, initial):
        self.state = initial
        self.lock = threading.RLock()
        self.events = {}

    def add_transition(self, trigger, source, dest, conditions=None):
        event = self.events.setdefault(trigger, Event(trigger, self))
        event.transitions.setdefault(source, []).append(
            LockedTransition(source, dest, self, conditions or []))

    def set_state(self, dest):
        self.state = dest

    def is_state(self, state):
        return self.state == state


class LockedTransition:
    def __init__(self, source, dest, machine, conditions):
        self.source = source
        self.dest = dest
        self.machine = machine
        self.conditions = conditions

    def execute(self):
        # Only a single transition is atomic; the event as a whole is not.
        with self.machine.lock:
            if not all(cond() for cond in self.conditions):
                return False
            self.machine.set_state(self.dest)
            return True


class Event:
    def __init__(self, name, machine):
        self.name = name
        self.machine = machine
        self.transitions = {}

    def trigger(self):
        state_name = self.machine.state
        for t in self.transitions.get(state_name, []):
            if t.execute():
                return True
        return False


def heavy_checking():
    time.sleep(1)
    return False


def main():
    machine = LockedMachine("A")
    machine.add_transition("advance", "A", "B", conditions=[heavy_checking])
    machine.add_transition("advance", "A", "C")
    t = threading.Thread(target=machine.events["advance"].trigger)
    t.start()
    time.sleep(0.1)
    # The event thread released the lock between the A->B and A->C
    # transitions, so the machine is observed mid-event (still in A).
    print("in C:", machine.is_state("C"))
    t.join()


if __name__ == "__main__":
    main()
