"""chiadog main.py: startup of the harvester log monitor; version() shells out to git."""
import argparse
import logging
import subprocess
import time
from pathlib import Path


class Config:
    def __init__(self, path: Path):
        self.path = path
        self.settings = {"log_level": "INFO", "check_interval": 5}

    def get_log_level_config(self):
        return self.settings["log_level"]


def parse_arguments():
    parser = argparse.ArgumentParser(description="ChiaFarmWatch: Watch your crops with a piece in mind for the yield.")
    parser.add_argument("--config", type=str, default="config.yaml", help="path to config.yaml")
    parser.add_argument("--version", action="store_true", help="print version and exit")
    return parser.parse_args()


def init(config: Config):
    log_level = config.get_log_level_config()
    logging.basicConfig(
        format="[%(asctime)s] [%(levelname)8s] --- %(message)s (%(filename)s:%(lineno)s)",
        level=log_level,
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    logging.info(f"Starting Chiadog ({version()})")


def version():
    try:
        command_args = ["git", "describe", "--tags"]
        f = subprocess.Popen(command_args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout, stderr = f.communicate()
        return stdout.decode(encoding="utf-8").rstrip()
    except:  # noqa
        return "unknown"


def watch(config: Config, iterations: int = 3):
    for _ in range(iterations):
        logging.debug("checking harvester log")
        time.sleep(config.settings["check_interval"] / 1000)


if __name__ == "__main__":
    args = parse_arguments()
    if args.version:
        print(version())
    else:
        conf = Config(Path(args.config))
        init(conf)
        watch(conf)
