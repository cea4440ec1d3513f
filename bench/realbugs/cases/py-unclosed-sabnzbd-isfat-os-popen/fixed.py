#!/usr/bin/python3

"""
sabnzbd/utils/checkdir.py (3.0.0 beta): functions to check if the path filesystem uses FAT
"""

import sys
import os
import threading

debug = False


def getcmdoutput(cmd):
    """ execectue cmd, and give back output lines as array """
    with os.popen(cmd) as p:
        outputlines = p.readlines()
    return outputlines


def isFAT(check_dir):
    """ Check if "check_dir" is on FAT. FAT considered harmful (for big files)
        Works for Linux, Windows, MacOS
        NB: On Windows, full path with drive letter is needed!
    """
    if not (os.path.isdir(check_dir) or os.path.isfile(check_dir)):
        # Not a dir, not a file ... so not FAT:
        return False

    FAT = False  # default: not FAT
    # We're dealing with OS calls, so put everything in a try/except, just in case:
    try:
        if "linux" in sys.platform:
            # On Linux:
            # df -T /home/sander/weg
            dfcmd = "df -T " + check_dir + " 2>&1"
            for thisline in getcmdoutput(dfcmd):
                if thisline.find("/") == 0:
                    # Starts with /, so a real, local device
                    fstype = thisline.split()[1]
                    if debug:
                        print(("File system type:", fstype))
                    if fstype.lower().find("fat") >= 0 and fstype.lower().find("exfat") < 0:
                        # FAT, but not EXFAT
                        FAT = True
                        if debug:
                            print("FAT found")
                        break
        elif "win32" in sys.platform:
            import win32api

            try:
                result = win32api.GetVolumeInformation(os.path.splitdrive(check_dir)[0])
                if result[4].startswith("FAT"):
                    FAT = True
            except:
                pass
    except:
        pass
    return FAT


def check_complete_dir(complete_dir):
    """sabnzbd/__init__.py: warn at startup (from the API/config thread) about FAT."""
    if isFAT(complete_dir):
        print("Completed Download Folder %s is on FAT file system, limiting maximum file size to 4GB" % complete_dir)
    else:
        print("Completed Download Folder %s is not on FAT" % complete_dir)


if __name__ == "__main__":
    t = threading.Thread(target=check_complete_dir, args=(sys.argv[1] if len(sys.argv) > 1 else "/tmp",))
    t.start()
    t.join()
