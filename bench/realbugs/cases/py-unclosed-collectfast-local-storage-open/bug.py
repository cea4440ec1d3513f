"""Reduction of collectfast.strategies.base.HashStrategy (antonagestam/collectfast#197)."""
import abc
import gzip
import hashlib
import mimetypes
import os
import tempfile
from io import BytesIO
from typing import Optional

gzip_content_types = ("text/css", "text/javascript", "application/javascript")


class FileSystemStorage:
    """Stand-in for django.core.files.storage.FileSystemStorage."""

    def __init__(self, location):
        self.location = location

    def path(self, name):
        return os.path.join(self.location, name)

    def open(self, name, mode="rb"):
        return open(self.path(name), mode)


class Strategy(abc.ABC):
    def __init__(self, remote_storage) -> None:
        self.remote_storage = remote_storage

    @abc.abstractmethod
    def should_copy_file(self, path, prefixed_path, local_storage) -> bool:
        ...


class HashStrategy(Strategy, abc.ABC):
    use_gzip = False

    def should_copy_file(self, path, prefixed_path, local_storage) -> bool:
        local_hash = self.get_local_file_hash(path, local_storage)
        remote_hash = self.get_remote_file_hash(prefixed_path)
        return local_hash != remote_hash

    def get_gzipped_local_file_hash(self, uncompressed_file_hash, path, contents) -> str:
        buffer = BytesIO()
        zf = gzip.GzipFile(mode="wb", fileobj=buffer, mtime=0.0)
        zf.write(contents)
        zf.close()
        return hashlib.md5(buffer.getvalue()).hexdigest()

    def get_local_file_hash(self, path: str, local_storage) -> str:
        """Create md5 hash from file contents."""
        contents = local_storage.open(path).read()
        file_hash = hashlib.md5(contents).hexdigest()

        # Check if content should be gzipped and hash gzipped content
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if self.use_gzip and content_type in gzip_content_types:
            file_hash = self.get_gzipped_local_file_hash(file_hash, path, contents)
        return file_hash

    @abc.abstractmethod
    def get_remote_file_hash(self, prefixed_path: str) -> Optional[str]:
        ...


class DictRemoteStrategy(HashStrategy):
    use_gzip = True

    def get_remote_file_hash(self, prefixed_path):
        return self.remote_storage.get(prefixed_path)


def collectstatic(local_storage, strategy, paths):
    return [p for p in paths if strategy.should_copy_file(p, "static/" + p, local_storage)]


if __name__ == "__main__":
    root = tempfile.mkdtemp()
    for name in ("SelectBox.js", "popup_response.js"):
        with open(os.path.join(root, name), "w") as f:
            f.write("/* admin */")
    print(collectstatic(FileSystemStorage(root), DictRemoteStrategy({}), ["SelectBox.js", "popup_response.js"]))
