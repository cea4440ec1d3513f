"""i3pystatus/pulseaudio/__init__.py: volume/mute click handlers of the PulseAudio module."""
import subprocess


class Module:
    settings = ()
    output = None

    def on_click(self, button):
        handler = {1: self.on_leftclick, 3: self.on_rightclick,
                   4: self.on_upscroll, 5: self.on_downscroll}.get(button)
        if isinstance(handler, str):
            getattr(self, handler)()


class PulseAudio(Module):
    """
    Shows volume of default PulseAudio sink (output).

    Available formatters: `{volume}`, `{muted}`.
    """

    settings = ("format", "muted", "unmuted", "step")

    muted = "M"
    unmuted = ""
    format = "♪: {volume}"
    step = 5
    sink = "@DEFAULT_SINK@"

    on_leftclick = None
    on_rightclick = "switch_mute"
    on_upscroll = "increase_volume"
    on_downscroll = "decrease_volume"

    def init(self):
        self.volume = 0
        self.is_muted = False

    def update(self, volume, is_muted):
        self.volume = volume
        self.is_muted = is_muted
        self.output = {
            "full_text": self.format.format(
                volume=volume, muted=self.muted if is_muted else self.unmuted),
        }

    def switch_mute(self):
        subprocess.Popen(['pactl', 'set-sink-mute', self.sink, "toggle"])

    def increase_volume(self):
        subprocess.Popen(['pactl', 'set-sink-volume', self.sink, "+%s%%" % self.step])

    def decrease_volume(self):
        subprocess.Popen(['pactl', 'set-sink-volume', self.sink, "-%s%%" % self.step])


if __name__ == "__main__":
    module = PulseAudio()
    module.init()
    for button in (4, 4, 5, 3, 3):
        module.on_click(button)
