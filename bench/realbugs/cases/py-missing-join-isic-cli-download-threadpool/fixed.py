"""Reduction of isic_cli/cli/image.py (download) after PR #54."""
import functools
import os
from multiprocessing.pool import ThreadPool
from pathlib import Path


def get_images(session, search, limit):
    # Paginates the ISIC API in the real code.
    for i in range(limit):
        yield {"isic_id": "ISIC_%07d" % i, "files": {"full": {"url": "https://x/%d" % i}}}


def _download_image(image, to, session):
    dest = Path(to) / ("%s.jpg" % image["isic_id"])
    dest.write_bytes(b"\xff\xd8")
    return dest


class Progress(object):
    def __init__(self, total):
        self.total = total
        self.done = 0

    def update(self, n=1):
        self.done += n


def download(session, search, limit, outdir):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    images = list(get_images(session, search, limit))
    progress = Progress(total=len(images))

    with ThreadPool(max(10, os.cpu_count() * 2)) as thread_pool:
        func = functools.partial(_download_image, to=outdir, session=session)
        for _ in thread_pool.imap_unordered(func, images):
            progress.update(1)

    return progress.done


if __name__ == "__main__":
    print(download(None, "", 25, "/tmp/isic-images"))
