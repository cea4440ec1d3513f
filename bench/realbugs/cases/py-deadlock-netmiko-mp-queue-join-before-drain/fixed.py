"""netmiko: reduction of examples/use_cases/case16_concurrency/processes_w_queue.py

One process per device runs 'show version' and puts the output on a
shared multiprocessing.Queue; the parent collects the results.
"""
from multiprocessing import Process, Queue

DEVICES = ["pynet-rtr%d" % i for i in range(1, 41)]


def show_version_queue(device, mp_queue):
    """Connect to the device and put {device: output} on the queue"""
    # stands in for ConnectHandler(**a_device).send_command("show version")
    output = ("%s show version\n" % device) * 4000
    mp_queue.put({device: output})


def main():
    mp_queue = Queue()
    procs = []
    for device in DEVICES:
        my_proc = Process(target=show_version_queue, args=(device, mp_queue))
        my_proc.start()
        procs.append(my_proc)

    # drain the queue first: one result per process
    results = {}
    for _ in procs:
        results.update(mp_queue.get())

    # every child's feeder thread has flushed, so join cannot hang
    for a_proc in procs:
        a_proc.join()
    for device in sorted(results):
        print(device, len(results[device]))


if __name__ == "__main__":
    main()
