import gzip
import json
import multiprocessing
import os
import sys


def process_dmd_file(path):
    with open(path, "rb") as f:
        data = f.read()
    out = path + ".gz"
    with gzip.open(out, "wb") as g:
        g.write(data)
    os.remove(path)
    return out


def process_dmd_files(dmd_files, args):
    if not dmd_files or args.get("no_dmd"):
        return []
    pool = multiprocessing.Pool()
    try:
        results = pool.map(process_dmd_file, dmd_files)
    finally:
        pool.close()
        pool.join()
    return results


def get_and_show_info(args):
    out_dir = args["out_dir"]
    dmd_files = [os.path.join(out_dir, n) for n in os.listdir(out_dir)
                 if n.startswith("dmd-") and n.endswith(".txt")]
    processed = process_dmd_files(dmd_files, args)
    print(json.dumps({"dmd": processed}))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
    for _ in range(int(os.environ.get("ABOUT_MEMORY_ITERS", "3"))):
        get_and_show_info({"out_dir": out_dir})


if __name__ == "__main__":
    main()
