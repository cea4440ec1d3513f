"""pyzo/yoton/clientserver.py + pyzo/core/commandline.py: request/reply over a short-lived socket."""
import socket
import threading


def split_address(address):
    host, _, port = address.partition(":")
    return "tcp", host, 49152 + sum(map(ord, port)) % 1000  # yoton's port hash


def send_all(s, text, stopAtEnd=True):
    s.sendall(text.encode("utf-8") + (b"\x00" if stopAtEnd else b""))


def recv_all(s, timeout=-1):
    if timeout > 0:
        s.settimeout(timeout)
    data = s.recv(4096)
    return data.rstrip(b"\x00").decode("utf-8") if data else None


class RequestServer(threading.Thread):
    def __init__(self, address, async_val=False, verbose=0):
        threading.Thread.__init__(self)
        self._async = async_val
        self._verbose = verbose

        # Determine host and port (assume tcp)
        protocol, host, port = split_address(address)

        # Create socket. Apply SO_REUSEADDR when binding
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)

        # Bind (can raise error is port is not available)
        try:
            s.bind((host, port))
        except Exception:
            s.close()
            raise

        # Store socket instance
        self._bsd_socket = s
        self._stop_me = False
        self.daemon = True


def do_request(address, request, timeout=-1):
    # Determine host (assume tcp)
    protocol, host, port = split_address(address)

    # Create socket and connect
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.connect((host, port))
    except socket.error:
        s.close()
        raise RuntimeError("No server is listening at the given port.")

    # Send request
    send_all(s, request, True)

    # Receive reply
    reply = recv_all(s, timeout)

    # Close socket
    try:
        s.close()
    except socket.error:
        pass

    return reply


# --- pyzo/core/commandline.py ---------------------------------------------
ADDRESS = "localhost:pyzoserver"


def is_pyzo_server_running():
    """Test whether the Pyzo server is running *somewhere*."""
    try:
        res = do_request(ADDRESS, "echo", 0.2)
        return res.startswith("echo")
    except Exception:
        return False


if __name__ == "__main__":
    # python3 -X dev bug.py -> ResourceWarning: unclosed <socket.socket ...> (fatal with PYTHONWARNINGS=error)
    print("pyzo server running somewhere:", is_pyzo_server_running())
    server_err = None
    try:
        server = RequestServer("256.0.0.1:pyzoserver")  # bind fails (address unusable / in use)
    except OSError as err:
        server_err = err
    print("could not start server:", server_err)
