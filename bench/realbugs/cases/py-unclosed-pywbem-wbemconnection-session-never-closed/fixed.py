"""Reduced from pywbem/pywbem pywbem/_cim_operations.py (WBEMConnection) and its pywbemcli caller."""
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DEFAULT_TIMEOUT = 30
HTTP_CONNECT_RETRIES = 3


class WBEMConnection:
    """A client's connection to a WBEM server (HTTP keep-alive via a requests session)."""

    def __init__(self, url, creds=None, default_namespace="root/cimv2", timeout=None):
        self._url = url.rstrip("/")
        self._creds = creds
        self._default_namespace = default_namespace
        self._timeout = timeout or DEFAULT_TIMEOUT
        self.session = None
        self._configure_session()

    def _configure_session(self):
        self.session = requests.Session()
        retry = Retry(total=HTTP_CONNECT_RETRIES, backoff_factor=0.1)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        if self._creds:
            self.session.auth = self._creds

    def _cim_http_request(self, method, target, cimxml):
        resp = self.session.post(
            self._url + "/cimom",
            data=cimxml,
            headers={"CIMOperation": "MethodCall", "CIMMethod": method,
                     "CIMObject": target, "Content-type": "application/xml"},
            timeout=self._timeout)
        resp.raise_for_status()
        return resp.content

    def close(self):
        """Close the connection: closes the underlying session and its sockets."""
        if self.session is not None:
            self.session.close()
            self.session = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def EnumerateInstanceNames(self, ClassName, namespace=None):
        ns = namespace or self._default_namespace
        body = "<IMETHODCALL NAME='EnumerateInstanceNames' CLASS='%s'/>" % ClassName
        return self._cim_http_request("EnumerateInstanceNames", ns, body)


class PywbemServer:
    """pywbemcli: holds the connection for one command invocation."""

    def __init__(self, server, user=None, password=None):
        self.server = server
        self.creds = (user, password) if user else None
        self._conn = None

    @property
    def conn(self):
        if self._conn is None:
            self._conn = WBEMConnection(self.server, self.creds)
        return self._conn

    def disconnect(self):
        if self._conn is not None:
            self._conn.close()
        self._conn = None


def cmd_instance_count(server_url, classname):
    server = PywbemServer(server_url)
    try:
        names = server.conn.EnumerateInstanceNames(classname)
        return len(names)
    finally:
        server.disconnect()
