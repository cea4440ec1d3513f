# aqt/cli.py + aqt/installer.py (reduced, aqtinstall 1.1.x)
import logging
import multiprocessing
import os
import time


class Settings:
    def __init__(self):
        self.concurrency = 4


class QtPackage:
    def __init__(self, name, archive_url):
        self.name = name
        self.archive_url = archive_url


class QtArchives:
    def __init__(self, os_name, target, version, arch):
        self.archives = [
            QtPackage("qtbase", "https://download.qt.io/%s/%s/qtbase.7z" % (os_name, version)),
            QtPackage("qtsvg", "https://download.qt.io/%s/%s/qtsvg.7z" % (os_name, version)),
        ]

    def get_archives(self):
        return self.archives


def installer(qt_archive, base_dir, command, keep=False):
    """
    Installer function to download archive files and extract it.
    It is called through multiprocessing.Pool()
    """
    name = qt_archive.name
    start_time = time.perf_counter()
    logging.getLogger("aqt").info("Downloading %s into %s", name, base_dir)
    logging.getLogger("aqt").info("Finished installation of %s in %.8f", name, time.perf_counter() - start_time)


class Cli:
    def __init__(self):
        self.settings = Settings()
        self.logger = logging.getLogger("aqt")

    def call_installer(self, qt_archives, target_dir, sevenzip, keep):
        if target_dir is None:
            base_dir = os.getcwd()
        else:
            base_dir = target_dir
        tasks = []
        for arc in qt_archives.get_archives():
            tasks.append((arc, base_dir, sevenzip, keep))
        pool = multiprocessing.Pool(self.settings.concurrency)
        pool.starmap(installer, tasks)

    def run_install(self, args):
        """Run install subcommand"""
        start_time = time.perf_counter()
        qt_archives = QtArchives(args["host"], args["target"], args["qt_version"], args["arch"])
        self.call_installer(qt_archives, args.get("outputdir"), None, args.get("keep", False))
        self.logger.info("Finished installation")
        self.logger.info("Time elapsed: %.8f second", time.perf_counter() - start_time)


if __name__ == "__main__":
    Cli().run_install({"host": "linux", "target": "desktop", "qt_version": "6.0.1", "arch": "gcc_64"})
