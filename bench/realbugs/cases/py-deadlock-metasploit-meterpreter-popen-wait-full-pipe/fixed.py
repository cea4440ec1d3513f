import subprocess

ERROR_SUCCESS = 0
ERROR_FAILURE = 1


def _run_command(args):
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc_h:
        # communicate() drains both pipes while waiting, then closes them
        output, _ = proc_h.communicate()
    return proc_h.returncode, output


def stdapi_net_config_get_interfaces_via_ip(request, response):
    rc, output = _run_command(["ip", "-o", "addr", "show"])
    if rc != 0:
        return ERROR_FAILURE, response
    interfaces = []
    for line in output.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            interfaces.append({"index": parts[0].rstrip(":"), "name": parts[1], "addr": parts[3]})
    response["interfaces"] = interfaces
    return ERROR_SUCCESS, response


def stdapi_net_config_get_routes_via_ip(request, response):
    rc, output = _run_command(["ip", "route", "show", "table", "all"])
    if rc != 0:
        return ERROR_FAILURE, response
    response["routes"] = output.decode("utf-8", "replace").splitlines()
    return ERROR_SUCCESS, response


def stdapi_sys_process_execute_collect(request, response):
    # large outputs (e.g. `ps aux`, `find /`) fill the 64 KiB pipe buffer
    rc, output = _run_command(request["args"])
    response["output"] = output
    response["exit_code"] = rc
    return ERROR_SUCCESS, response


if __name__ == "__main__":
    print(stdapi_net_config_get_interfaces_via_ip({}, {})[0])
    print(stdapi_sys_process_execute_collect({"args": ["seq", "1", "1000000"]}, {})[1]["exit_code"])
