import shlex
import shutil
import subprocess
import sys
import threading
import time

# Reduction only: without ffmpeg installed, a Python child streams silence instead.
FAKE_FFMPEG = [sys.executable, "-c", "import sys\nwhile True: sys.stdout.buffer.write(bytes(3840))"]


class StreamPlayer(threading.Thread):
    def __init__(self, stream, encoder, connected, player, after, **kwargs):
        threading.Thread.__init__(self, **kwargs)
        self.daemon = True
        self.buff = stream
        self.frame_size = encoder.frame_size
        self.player = player
        self._end = threading.Event()
        self._connected = connected
        self.after = after
        self.delay = encoder.frame_length / 1000.0

    def run(self):
        self.loops = 0
        self._start = time.time()
        while not self._end.is_set():
            if not self._connected.is_set():
                self.stop()
                break
            self.loops += 1
            data = self.buff.read(self.frame_size)
            if len(data) != self.frame_size:
                self.stop()
                break
            self.player(data)
            next_time = self._start + self.delay * self.loops
            time.sleep(max(0, self.delay + (next_time - time.time())))

    def stop(self):
        self._end.set()
        if callable(self.after):
            try:
                self.after()
            except Exception:
                pass


class ProcessPlayer(StreamPlayer):
    def __init__(self, process, client, after, **kwargs):
        super().__init__(process.stdout, client.encoder,
                         client._connected, client.play_audio, after, **kwargs)
        self.process = process

    def run(self):
        super().run()

        self.process.kill()
        if self.process.poll() is None:
            self.process.communicate()


class Encoder:
    frame_length = 20
    frame_size = 3840


class VoiceClient:
    def __init__(self):
        self.encoder = Encoder()
        self._connected = threading.Event()
        self._connected.set()
        self.sent = 0

    def play_audio(self, data):
        self.sent += len(data)

    def create_ffmpeg_player(self, filename, *, use_avconv=False, after=None):
        command = "ffmpeg" if not use_avconv else "avconv"
        cmd = command + " -i {} -f s16le -ar 48000 -ac 2 -loglevel warning pipe:1"
        args = shlex.split(cmd.format(shlex.quote(filename)))
        if shutil.which(command) is None:
            args = FAKE_FFMPEG
        p = subprocess.Popen(args, stdin=None, stdout=subprocess.PIPE)
        return ProcessPlayer(p, self, after)


def state(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(line.split()[1] for line in f if line.startswith("State:"))


if __name__ == "__main__":
    vc = VoiceClient()
    player = vc.create_ffmpeg_player("song.mp3")
    player.start()
    time.sleep(0.2)
    player.stop()
    player.join()
    time.sleep(0.2)
    try:
        print("ffmpeg child state after stop():", state(player.process.pid))
    except (FileNotFoundError, StopIteration):
        print("ffmpeg child state after stop(): reaped")
