"""Reduced from the OpenNeuro datalad worker (services/datalad/datalad_service)."""
import json
import subprocess


def annex_find(dataset_path, ref="HEAD"):
    """Yield annexed file records for a tree, streaming git-annex output."""
    records = []
    with subprocess.Popen(
        ["git-annex", "find", "--include=*", "--json", "--branch", ref],
        cwd=dataset_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as annex:
        for line in annex.stdout:
            record = json.loads(line)
            records.append({"key": record["key"], "size": int(record["bytesize"]),
                            "file": record["file"]})
    return records


def git_ls_tree(dataset_path, tree):
    entries = []
    with subprocess.Popen(
        ["git", "ls-tree", "-l", tree],
        cwd=dataset_path,
        stdout=subprocess.PIPE,
        encoding="utf-8",
    ) as ls_tree:
        for line in ls_tree.stdout:
            meta, filename = line.rstrip("\n").split("\t", 1)
            mode, obj_type, obj_hash, size = meta.split()
            entries.append((filename, obj_type, obj_hash, size))
    return entries


def get_files(dataset_path, tree):
    annexed = {r["file"]: r for r in annex_find(dataset_path, tree)}
    files = []
    for filename, obj_type, obj_hash, size in git_ls_tree(dataset_path, tree):
        if filename in annexed:
            size = annexed[filename]["size"]
        files.append({"filename": filename, "type": obj_type, "id": obj_hash,
                      "size": size})
    return files


if __name__ == "__main__":
    print(get_files(".", "HEAD"))
