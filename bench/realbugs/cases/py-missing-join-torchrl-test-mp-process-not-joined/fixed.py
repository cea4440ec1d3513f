"""Reduced from torchrl test/test_tensordict.py multiprocessing tests."""
import multiprocessing as mp


class SharedTensorDict(dict):
    """Stand-in for a TensorDict placed in shared memory."""

    def share_memory_(self):
        return self


def _remote_process(worker_id, command_pipe_child, td):
    command_pipe_child.send("ready")
    while True:
        cmd, val = command_pipe_child.recv()
        if cmd == "update":
            td[worker_id] = val
            command_pipe_child.send("done")
        elif cmd == "close":
            command_pipe_child.close()
            break


def test_shared_update(n_workers=2):
    td = SharedTensorDict().share_memory_()
    pipes = []
    procs = []
    for i in range(n_workers):
        command_pipe_parent, command_pipe_child = mp.Pipe()
        proc = mp.Process(target=_remote_process, args=(i, command_pipe_child, td))
        proc.start()
        procs.append(proc)
        pipes.append(command_pipe_parent)
        assert command_pipe_parent.recv() == "ready"

    for i, pipe in enumerate(pipes):
        pipe.send(("update", i * 10))
        assert pipe.recv() == "done"

    for pipe in pipes:
        pipe.send(("close", None))
        pipe.close()
    for proc in procs:
        proc.join()


if __name__ == "__main__":
    test_shared_update()
    print("ok")
