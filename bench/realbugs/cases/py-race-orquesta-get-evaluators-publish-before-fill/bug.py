import abc
import re
import threading

import six

from stevedore import extension

from orquesta.utils import plugin as plugin_util


_EXP_EVALUATOR_NAMESPACE = "orquesta.expressions.evaluators"
_EXP_EVALUATORS = None


@six.add_metaclass(abc.ABCMeta)
class Evaluator(object):
    _type = "unspecified"
    _delimiter = None

    @classmethod
    def get_type(cls):
        return cls._type

    @classmethod
    def get_statement_regex(cls):
        raise NotImplementedError()

    @classmethod
    @abc.abstractmethod
    def evaluate(cls, text, data=None):
        raise NotImplementedError()


def get_evaluator(language):
    return plugin_util.get_module(_EXP_EVALUATOR_NAMESPACE, language)


def get_evaluators():
    global _EXP_EVALUATORS

    if _EXP_EVALUATORS is None:
        _EXP_EVALUATORS = {}

        mgr = extension.ExtensionManager(
            namespace=_EXP_EVALUATOR_NAMESPACE, invoke_on_load=False
        )

        for name in mgr.names():
            _EXP_EVALUATORS[name] = get_evaluator(name)

    return _EXP_EVALUATORS


def get_statement_regexes():
    return {t: e.get_statement_regex() for t, e in six.iteritems(get_evaluators())}


def has_expressions(text):
    result = {t: bool(re.search(r, text)) for t, r in six.iteritems(get_statement_regexes())}
    return any(result.values())


def evaluate(text, data=None):
    for name, evaluator in six.iteritems(get_evaluators()):
        if evaluator.has_expressions(text):
            return evaluator.evaluate(text, data=data)
    # no evaluator matched (e.g. the dict was still empty): text is returned raw
    return text


def render_task_inputs(conductor_ctx, inputs):
    return {k: evaluate(v, conductor_ctx) for k, v in inputs.items()}


def main():
    # st2workflowengine renders many workflow executions concurrently; the
    # first ones to arrive all go through the lazy initializer at once.
    threads = [
        threading.Thread(target=render_task_inputs, args=({"x": 1}, {"a": "<% ctx(x) %>"}))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
