import os
import shutil
import subprocess
import tempfile


class UpxService:
    """Reduced from crits_services/upx_service/__init__.py."""

    name = "upx"

    def __init__(self, config):
        self.config = config
        self.results = []

    def _add_result(self, subtype, result, data):
        self.results.append((subtype, result, data))

    def run(self, obj_data):
        upx_path = self.config.get("upx_path", "upx")
        working_dir = tempfile.mkdtemp()
        filename = os.path.join(working_dir, "sample.bin")
        try:
            with open(filename, "wb") as fh:
                fh.write(obj_data)
            args = [upx_path, "-q", "-d", filename]
            # Runs inside the long-lived Apache/mod_wsgi worker.
            proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, cwd=working_dir)
            output = proc.stdout.read().decode(errors="replace")
            for line in output.splitlines():
                self._add_result("upx_output", line, {})
            with open(filename, "rb") as fh:
                unpacked = fh.read()
            if unpacked != obj_data:
                self._add_result("unpacked", "sample.bin", {"size": len(unpacked)})
        finally:
            shutil.rmtree(working_dir, ignore_errors=True)
        return self.results


def main():
    service = UpxService({"upx_path": "cat"})
    for _ in range(5):
        service.run(b"MZ\x90\x00 not really packed")
    print(len(service.results), "results")


if __name__ == "__main__":
    main()
