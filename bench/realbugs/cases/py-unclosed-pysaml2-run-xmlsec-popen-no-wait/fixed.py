"""Reduction of pysaml2's saml2/sigver.py (CryptoBackendXmlSec1._run_xmlsec) before #318."""
import logging
import sys
from subprocess import PIPE, Popen

logger = logging.getLogger(__name__)


class XmlsecError(Exception):
    pass


class SignatureError(XmlsecError):
    pass


class CryptoBackendXmlSec1(object):
    """Shells out to the xmlsec1 binary for every signature operation."""

    def __init__(self, xmlsec_binary, debug=False):
        self.xmlsec = xmlsec_binary
        self.debug = debug

    def version(self):
        com_list = [self.xmlsec, "--version"]
        pof = Popen(com_list, stderr=PIPE, stdout=PIPE)
        content = pof.stdout.read().decode("ascii")
        pof.wait()
        pof.stdout.close()
        pof.stderr.close()
        return content.split(" ")[-1].strip()

    def validate_signature(self, signedtext, cert_file, node_name, node_id):
        com_list = [self.xmlsec, "--verify", "--pubkey-cert-pem", cert_file,
                    "--id-attr:ID", node_name, "--node-id", node_id]
        (_stdout, stderr, _output) = self._run_xmlsec(
            com_list, [signedtext], exception=SignatureError)
        return self._parse_stderr(stderr)

    def _parse_stderr(self, stderr):
        return "OK" in stderr

    def _run_xmlsec(self, com_list, extra_args, validate_output=True,
                    exception=XmlsecError):
        """Common code to invoke xmlsec and parse the output."""
        com_list.extend(extra_args)
        logger.debug("xmlsec command: %s", " ".join(com_list))

        pof = Popen(com_list, stderr=PIPE, stdout=PIPE)

        p_out = pof.stdout.read().decode("utf-8")
        p_err = pof.stderr.read().decode("utf-8")
        pof.wait()

        if pof.returncode is not None and pof.returncode < 0:
            logger.error("xmlsec died: %s %s", p_out, p_err)
            raise exception("%d:%s" % (pof.returncode, p_err))

        if validate_output and not p_err:
            raise exception("no output from xmlsec")
        return p_out, p_err, None


class SecurityContext(object):
    def __init__(self, crypto, cert_file):
        self.crypto = crypto
        self.cert_file = cert_file

    def correctly_signed_response(self, decoded_xml, node_id="id-1"):
        return self.crypto.validate_signature(
            decoded_xml, self.cert_file, "urn:oasis:names:tc:SAML:2.0:protocol:Response",
            node_id)


if __name__ == "__main__":
    # stand in for xmlsec1: a script that reports OK on stderr
    fake = [sys.executable, "-c", "import sys; sys.stderr.write('OK\\n')"]

    class FakeBackend(CryptoBackendXmlSec1):
        def validate_signature(self, signedtext, cert_file, node_name, node_id):
            (_o, err, _x) = self._run_xmlsec(list(fake), [], exception=SignatureError)
            return self._parse_stderr(err)

    sec = SecurityContext(FakeBackend("xmlsec1"), "cert.pem")
    for _ in range(3):
        print(sec.correctly_signed_response("<Response/>"))
