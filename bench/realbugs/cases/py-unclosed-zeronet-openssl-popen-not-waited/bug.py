import logging
import os
import subprocess
import sys


class CryptConnectionManager:
    def __init__(self, data_dir="data"):
        self.openssl_bin = "openssl"
        self.openssl_env = {"OPENSSL_CONF": os.path.join(data_dir, "openssl.cnf")}
        self.data_dir = data_dir
        self.crypt_supported = []

    def createSslRsaCert(self):
        cert_pem = os.path.join(self.data_dir, "cert-rsa.pem")
        key_pem = os.path.join(self.data_dir, "key-rsa.pem")
        if os.path.isfile(cert_pem) and os.path.isfile(key_pem):
            return True

        cmd = "%s req -x509 -newkey rsa:2048 -sha256 -batch -keyout %s -out %s -nodes" % (
            self.openssl_bin, key_pem, cert_pem,
        )
        proc = subprocess.Popen(
            cmd, shell=True, stderr=subprocess.STDOUT,
            stdout=subprocess.PIPE, env=self.openssl_env,
        )
        back = proc.stdout.read().strip().decode(errors="replace")
        logging.debug("Generating RSA cert and key PEM files...%s", back)

        if os.path.isfile(cert_pem) and os.path.isfile(key_pem):
            self.crypt_supported.append("tls-rsa")
            return True
        logging.error("RSA ECC SSL cert generation failed, cert or key files not exist.")
        return False

    def opensslVersion(self):
        proc = subprocess.Popen(
            [self.openssl_bin, "version"], stdout=subprocess.PIPE, env=self.openssl_env,
        )
        version = proc.stdout.read().strip().decode(errors="replace")
        proc.stdout.close()
        proc.wait()
        return version


if __name__ == "__main__":
    logging.basicConfig(level=logging.DEBUG)
    manager = CryptConnectionManager(sys.argv[1] if len(sys.argv) > 1 else "/tmp")
    print(manager.opensslVersion())
    print(manager.createSslRsaCert())
