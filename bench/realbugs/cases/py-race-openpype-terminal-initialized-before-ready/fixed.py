"""Reduced from ynput/OpenPype pype/lib/terminal.py (3.0): Terminal colorized log output."""
import os
import re
import threading


class Terminal:
    """Class formatting messages using colorama to specific visual tokens."""

    # Is Terminal initialized
    _initialized = False
    # Thread lock for initialization to avoid race conditions
    _init_lock = threading.Lock()
    # Use colorized output
    use_colors = True
    # Output message replacements mapping - set on initialization
    _sdict = {}

    @staticmethod
    def _initialize():
        """Initialize Terminal class as object.

        First check if colorized output is disabled by environment variable
        `PYPE_LOG_NO_COLORS`. Then tries to import python module that do the
        colors magic and create it's terminal object.
        """
        log_no_colors = os.environ.get("PYPE_LOG_NO_COLORS")
        if log_no_colors is not None:
            Terminal.use_colors = False
            Terminal._initialized = True
            return

        try:
            import blessed
            term = blessed.Terminal()
            codes = (term.bold, term.normal, term.tomato2, term.aquamarine3,
                     term.gold, term.darkolivegreen3, term.white)
        except Exception:
            codes = ("\x1b[1m", "\x1b[0m", "\x1b[31m", "\x1b[36m",
                     "\x1b[33m", "\x1b[32m", "\x1b[37m")

        (Terminal._SB, Terminal._RST, Terminal._LR, Terminal._LG,
         Terminal._LY, Terminal._LB, Terminal._W) = codes

        Terminal._sdict = {
            r">>> ": Terminal._SB + Terminal._LG + r">>> " + Terminal._RST,
            r"!!!(?!\sCRI|\sERR)": Terminal._SB + Terminal._LR + r"!!! " + Terminal._RST,
            r"\-\-\- ": Terminal._SB + Terminal._LB + r"--- " + Terminal._RST,
            r"\*\*\*(?!\sWRN)": Terminal._SB + Terminal._LY + r"***" + Terminal._RST,
            r"  \- ": Terminal._SB + Terminal._LY + r"  - " + Terminal._RST,
        }

        Terminal._initialized = True

    @staticmethod
    def echo(message):
        """Print message to stdout."""
        message = Terminal.log(message)
        try:
            print(message)
        except UnicodeEncodeError:
            print(message.encode("utf-8", "replace"))

    @staticmethod
    def log(message):
        """Return color formatted message."""
        T = Terminal
        if not T._initialized:
            with T._init_lock:
                if not T._initialized:
                    T._initialize()

        # if we dont want colors, just print raw message
        if not T.use_colors:
            return message

        message = re.sub(r'\[(.*)\]', '[ ' + T._SB + T._W + r'\1' + T._RST + ' ]', message)
        for key, val in T._sdict.items():
            message = re.sub(key, val, message)
        return message + T._RST


def publish_instance(name):
    Terminal.echo(">>> Collecting instance [ {} ]".format(name))
    Terminal.echo("  - extracting review")
    Terminal.echo("*** Integrated [ {} ]".format(name))


if __name__ == "__main__":
    workers = [threading.Thread(target=publish_instance, args=("shot%03d" % i,))
               for i in range(8)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
