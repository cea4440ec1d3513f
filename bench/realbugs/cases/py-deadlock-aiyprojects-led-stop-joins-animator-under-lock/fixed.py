"""aiyprojects-raspbian: reduction of src/aiy/_drivers/_led.py (LED driver for the VoiceHat).

RPi.GPIO is replaced by a small stand-in; the threading is upstream's.
"""

import itertools
import threading
import time


class _FakePWM:
    def __init__(self, channel, frequency):
        self.duty = 0

    def start(self, duty):
        self.duty = duty

    def ChangeDutyCycle(self, duty):
        self.duty = duty

    def stop(self):
        self.duty = 0


class GPIO:  # stand-in for RPi.GPIO
    BCM = OUT = 0
    PWM = _FakePWM

    @staticmethod
    def setmode(mode):
        pass

    @staticmethod
    def setup(channel, mode):
        pass

    @staticmethod
    def cleanup(channel):
        pass


class LED:
    """Starts a background thread to show patterns with the LED.

    Simple usage:
        my_led = LED(channel = 25)
        my_led.start()
        my_led.set_state(LED.BEACON)
        my_led.stop()
    """

    OFF = 0
    ON = 1
    BLINK = 2
    BEACON = 4

    def __init__(self, channel):
        self.animator = threading.Thread(target=self._animate, daemon=True)
        self.channel = channel
        self.iterator = None
        self.running = False
        self.state = None
        self.sleep = 0
        GPIO.setmode(GPIO.BCM)
        GPIO.setup(channel, GPIO.OUT)
        self.pwm = GPIO.PWM(channel, 100)
        self.lock = threading.Lock()

    def start(self):
        """Start the LED driver."""
        with self.lock:  # pylint: disable=E1129
            if not self.running:
                self.running = True
                self.pwm.start(0)  # off by default
                self.animator.start()

    def stop(self):
        """Stop the LED driver and sets the LED to off."""
        with self.lock:  # pylint: disable=E1129
            if self.running:
                self.running = False

        try:
            self.animator.join()
        except RuntimeError:
            # Edge case where this is stopped before it starts.
            pass

        self.pwm.stop()

    def set_state(self, state):
        """Set the LED driver's new state.

        Note the LED driver must be started for this to have any effect.
        """
        with self.lock:  # pylint: disable=E1129
            self.state = state

    def _animate(self):
        while True:
            state = None
            running = False
            with self.lock:  # pylint: disable=E1129
                state = self.state
                self.state = None
                running = self.running
            if not running:
                return
            if state:
                if not self._parse_state(state):
                    raise ValueError('unsupported state: %d' % state)
            if self.iterator:
                self.pwm.ChangeDutyCycle(next(self.iterator))
                time.sleep(self.sleep)
            else:
                # We can also wait for a state change here with a Condition.
                time.sleep(1)

    def _parse_state(self, state):
        self.iterator = None
        self.sleep = 0.0
        if state == self.OFF:
            self.pwm.ChangeDutyCycle(0)
            return True
        if state == self.ON:
            self.pwm.ChangeDutyCycle(100)
            return True
        if state == self.BLINK:
            self.iterator = itertools.cycle([0, 100])
            self.sleep = 0.5
            return True
        if state == self.BEACON:
            self.iterator = itertools.cycle(
                itertools.chain([30] * 100, [100] * 8, range(100, 30, -5)))
            self.sleep = 0.05
            return True
        return False


def main():
    led = LED(channel=25)
    led.start()
    led.set_state(LED.BEACON)
    time.sleep(0.2)
    stopper = threading.Thread(target=led.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=3)
    print("LED.stop() hung: animator waits for the lock stop() holds" if stopper.is_alive()
          else "LED stopped")


if __name__ == "__main__":
    main()
