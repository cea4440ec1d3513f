import threading
from threading import Timer

conf = {"max_analysis_spin": 0.3, "infinite_analysis": False}


class EngineInput:
    """Stands in for the engine's stdin pipe."""

    def __init__(self):
        self.lines = []

    def write(self, text):
        if text.strip():
            self.lines.append(text)


class CECPEngine:
    def __init__(self, defname="gnuchess"):
        self.defname = defname
        self.engine = EngineInput()
        self.engineIsAnalyzing = False
        self.mode = "ANALYZING"

    def __tellEngineToStopPlayingCurrentColor(self):
        print("force", file=self.engine)

    def __sendAnalyze(self, inverse=False):
        self.__tellEngineToStopPlayingCurrentColor()
        print("post", file=self.engine)
        print("analyze", file=self.engine)
        self.engineIsAnalyzing = True

        if not conf.get("infinite_analysis", False):
            def stop_analyze():
                if self.engineIsAnalyzing:
                    print("exit", file=self.engine)
                    # Some engines (crafty, gnuchess) doesn't respond to exit command
                    # we try to force them to stop with an empty board fen
                    print("setboard 8/8/8/8/8/8/8/8 w - - 0 1", file=self.engine)
                    self.engineIsAnalyzing = False
            t = Timer(conf.get("max_analysis_spin", 3), stop_analyze)
            t.start()

    def setBoard(self, board):
        print("setboard %s" % board, file=self.engine)
        if self.mode == "ANALYZING":
            self.__sendAnalyze()

    def kill(self, reason=None):
        print("quit", file=self.engine)
        self.engineIsAnalyzing = False


if __name__ == "__main__":
    analyzer = CECPEngine()
    for ply in range(8):  # the user steps through the game: one analysis per move
        analyzer.setBoard("fen-%d" % ply)
    analyzer.kill()
    timers = [t for t in threading.enumerate() if isinstance(t, Timer)]
    print("orphaned analysis timers after kill():", len(timers))
