"""websocket-client _http.py: _open_socket() drops the socket when connect() fails."""
import errno
import socket

DEFAULT_SOCKET_OPTION = [(socket.SOL_TCP, socket.TCP_NODELAY, 1)]


class WebSocketException(Exception):
    pass


def _get_addrinfo_list(hostname, port, is_secure, proxy):
    try:
        addrinfo_list = socket.getaddrinfo(hostname, port, 0, socket.SOCK_STREAM, socket.SOL_TCP)
        return addrinfo_list, False, None
    except socket.gaierror as e:
        raise WebSocketException(e)


def _open_socket(addrinfo_list, sockopt, timeout):
    err = None
    for addrinfo in addrinfo_list:
        family, socktype, proto = addrinfo[:3]
        sock = socket.socket(family, socktype, proto)
        sock.settimeout(timeout)
        for opts in DEFAULT_SOCKET_OPTION:
            sock.setsockopt(*opts)
        for opts in sockopt:
            sock.setsockopt(*opts)

        address = addrinfo[4]
        err = None
        while not err:
            try:
                sock.connect(address)
            except socket.error as error:
                sock.close()
                error.remote_ip = str(address[0])
                try:
                    eConnRefused = (errno.ECONNREFUSED, errno.WSAECONNREFUSED)
                except:
                    eConnRefused = (errno.ECONNREFUSED, )
                if error.errno == errno.EINTR:
                    continue
                elif error.errno in eConnRefused:
                    err = error
                    continue
                else:
                    raise error
            else:
                break
        else:
            continue
        break
    else:
        if err:
            raise err

    return sock


def connect(url, options, proxy, socket):
    hostname, port, resource, is_secure = url
    if socket:
        return socket, (hostname, port, resource)

    addrinfo_list, need_tunnel, auth = _get_addrinfo_list(hostname, port, is_secure, proxy)
    if not addrinfo_list:
        raise WebSocketException("Host not found.: " + hostname + ":" + str(port))

    sock = None
    try:
        sock = _open_socket(addrinfo_list, options.sockopt, options.timeout)
        return sock, (hostname, port, resource)
    except:
        if sock:
            sock.close()
        raise


class _Options:
    sockopt = ()
    timeout = 0.1


if __name__ == "__main__":
    import gc
    import warnings
    warnings.simplefilter("always", ResourceWarning)
    try:
        connect(("127.0.0.1", 9, "/ws", False), _Options(), None, None)  # nothing listens on 9
    except OSError as e:
        print("connect failed:", e)
    gc.collect()
