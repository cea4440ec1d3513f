import argparse
import http.server
import threading


class ServerRequestHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"KoboldCpp")


def onready_subprocess(args):
    import subprocess
    print("Starting Post-Load subprocess...")
    subprocess.run(args.onready[0], shell=True)


def start_server(args):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), ServerRequestHandler)
    print("Please connect to custom endpoint at http://localhost:%d" % args.port)
    return server


def load_model(args):
    print("Loading model: %s" % args.model)
    return True


def main(args):
    if not load_model(args):
        return
    server = start_server(args)
    if args.onready:
        onready_subprocess(args)
    worker = threading.Thread(target=server.serve_forever)
    worker.start()
    try:
        worker.join(timeout=args.serve_seconds)
    finally:
        server.shutdown()
        worker.join()
        server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="KoboldCpp Server")
    parser.add_argument("model", nargs="?", default="model.gguf")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--onready", nargs=1, metavar=("shell_command",), default=None)
    parser.add_argument("--serve-seconds", type=float, default=1.0)
    main(parser.parse_args())
