"""
sabnzbd.newsunpack - (reduced) helpers that probe the external unpack tools
"""
import logging
import re
import shutil
import subprocess
import sys
from subprocess import Popen

RAR_COMMAND = None
PAR2_COMMAND = None
RAR_VERSION = 0


def platform_btou(str_in):
    """ Return Unicode, if not already Unicode, decode with locale encoding.
        NOTE: Used for POpen because universal_newlines/text parameter doesn't
        always work! We cannot use encoding-parameter because it's Python 3.7+
    """
    if isinstance(str_in, bytes):
        return str_in.decode(sys.getfilesystemencoding() or "utf-8", errors="replace")
    return str_in


def find_programs(curdir):
    """ Find external programs """
    global RAR_COMMAND, PAR2_COMMAND, RAR_VERSION
    RAR_COMMAND = shutil.which("unrar") or shutil.which("rar") or shutil.which("ls")
    PAR2_COMMAND = shutil.which("par2") or shutil.which("ls")
    if RAR_COMMAND:
        RAR_VERSION, original = unrar_check(RAR_COMMAND)
        logging.info("UNRAR binary... found (%s) version %s original=%s", RAR_COMMAND, RAR_VERSION, original)


def unrar_check(rar):
    """ Return version number of unrar, where "5.01" returns 501
        Also return whether an original version is found
        (version, original)
    """
    version = 0
    original = ""
    if rar:
        try:
            version = run_simple(rar)
        except:
            return version, original
        original = "Alexander Roshal" in version
        m = re.search(r"RAR\s(\d+)\.(\d+)", version)
        if m:
            version = int(m.group(1)) * 100 + int(m.group(2))
        else:
            version = 0
    return version, original


def par2_mt_check(par2_path):
    """ Detect if we have multicore par2 variants """
    try:
        par2_version = run_simple([par2_path, "-h"])
        # Look for a threads option
        if "-t<" in par2_version:
            return True
    except:
        pass
    return False


def run_simple(cmd):
    """ Run simple external command and return output """
    p = Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    txt = platform_btou(p.communicate()[0])
    return txt


if __name__ == "__main__":
    find_programs(".")
    print(par2_mt_check(PAR2_COMMAND))
