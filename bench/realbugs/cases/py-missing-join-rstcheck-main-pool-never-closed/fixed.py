"""rstcheck.py (rstcheck/rstcheck), reduced: main() and the
per-file checker it maps over a process pool."""
import argparse
import contextlib
import multiprocessing
import os
import re
import shutil
import sys
import tempfile

SPHINX_INSTALLED = False


def output_message(text, output_file=sys.stderr):
    print(text, file=output_file)


def check(source, filename='<string>', report_level=1, ignore=None):
    for number, line in enumerate(source.splitlines(), start=1):
        if line.rstrip() != line:
            yield (number, '(WARNING/2) Trailing whitespace')


def _check_file(parameters):
    """Return list of errors."""
    (filename, args) = parameters

    if filename == '-':
        contents = sys.stdin.read()
    else:
        with contextlib.closing(open(filename, encoding='utf-8')) as input_file:
            contents = input_file.read()

    return (filename, list(check(contents, filename=filename,
                                 report_level=args.report,
                                 ignore=args.ignore)))


@contextlib.contextmanager
def enable_sphinx_if_possible():
    """Register Sphinx directives and roles."""
    if SPHINX_INSTALLED:
        srcdir = tempfile.mkdtemp()
        try:
            yield
        finally:
            shutil.rmtree(srcdir)
    else:
        yield


def parse_args():
    parser = argparse.ArgumentParser(prog='rstcheck')
    parser.add_argument('files', nargs='*')
    parser.add_argument('--report', type=int, default=1)
    parser.add_argument('--ignore', default='')
    args = parser.parse_args()
    args.files = [f for f in args.files if f == '-' or os.path.exists(f)]
    return args


def main():
    """Return 0 on success."""
    args = parse_args()

    if not args.files:
        return 0

    with enable_sphinx_if_possible():
        status = 0
        pool = multiprocessing.Pool(multiprocessing.cpu_count())
        try:
            if len(args.files) > 1:
                results = pool.map(
                    _check_file,
                    [(name, args) for name in args.files])
            else:
                # This is for the case where we read from standard in.
                results = [_check_file((args.files[0], args))]
            pool.close()

            for (filename, errors) in results:
                for error in errors:
                    line_number = error[0]
                    message = error[1]

                    if not re.match(r'\([A-Z]+/[0-9]+\)', message):
                        message = '(ERROR/3) ' + message

                    output_message('{}:{}: {}'.format(filename,
                                                      line_number,
                                                      message))

                    status = 1
        except (IOError, UnicodeError) as exception:
            output_message(exception)
            status = 1

        return status


if __name__ == '__main__':
    sys.exit(main())
