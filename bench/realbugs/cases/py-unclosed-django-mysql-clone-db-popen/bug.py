"""Reduction of django/db/backends/mysql/creation.py (django/django#10465)."""
import subprocess
import sys


class DatabaseClient:
    executable_name = "mysql"

    @classmethod
    def settings_to_cmd_args(cls, settings_dict):
        args = [cls.executable_name]
        options = settings_dict.get("OPTIONS", {})
        user = options.get("user", settings_dict["USER"])
        host = options.get("host", settings_dict["HOST"])
        port = options.get("port", settings_dict["PORT"])
        if user:
            args += ["--user=%s" % user]
        if host:
            args += ["--host=%s" % host]
        if port:
            args += ["--port=%s" % port]
        args += [settings_dict["NAME"]]
        return args


class DatabaseCreation:
    def __init__(self, connection):
        self.connection = connection

    def log(self, msg):
        sys.stderr.write(msg + "\n")

    def _execute_create_test_db(self, cursor, parameters, keepdb=False):
        cursor.execute("CREATE DATABASE %(dbname)s %(suffix)s" % parameters)

    def _clone_test_db(self, suffix, verbosity, keepdb=False):
        source_database_name = self.connection.settings_dict["NAME"]
        target_database_name = "%s_%s" % (source_database_name, suffix)
        test_db_params = {
            "dbname": target_database_name,
            "suffix": "",
        }
        with self.connection.cursor() as cursor:
            try:
                self._execute_create_test_db(cursor, test_db_params, keepdb)
            except Exception as e:
                if keepdb:
                    return
                self.log("Got an error creating the test database: %s" % e)
                sys.exit(2)

        dump_cmd = DatabaseClient.settings_to_cmd_args(self.connection.settings_dict)
        dump_cmd[0] = "mysqldump"
        dump_cmd[-1:-1] = ["--routines", "--events"]
        load_cmd = DatabaseClient.settings_to_cmd_args(self.connection.settings_dict)
        load_cmd[-1] = target_database_name

        dump_proc = subprocess.Popen(dump_cmd, stdout=subprocess.PIPE)
        load_proc = subprocess.Popen(load_cmd, stdin=dump_proc.stdout, stdout=subprocess.PIPE)
        dump_proc.stdout.close()    # allow dump_proc to receive a SIGPIPE if load_proc exits.
        load_proc.communicate()
