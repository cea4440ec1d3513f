"""concordia/agents/entity_agent.py: EntityAgent.stateless_act() - gathers the pre_act
context of every component in parallel, then lets the acting component decide."""
from concurrent import futures
import threading


class ActionSpec:
    def __init__(self, call_to_action, output_type="free"):
        self.call_to_action = call_to_action
        self.output_type = output_type


class ContextComponent:
    def __init__(self, name, fail=False):
        self.name = name
        self.fail = fail

    def pre_act(self, action_spec):
        if self.fail:
            raise RuntimeError("%s: language model call failed" % self.name)
        return "%s context for %r" % (self.name, action_spec.call_to_action)


class ActingComponent:
    def get_action_attempt(self, contexts, action_spec):
        return " / ".join(contexts[name] for name in sorted(contexts))


class EntityAgent:
    def __init__(self, agent_name, act_component, context_components):
        self._agent_name = agent_name
        self._act_component = act_component
        self._context_components = dict(context_components)
        self._control_lock = threading.Lock()

    def _parallel_call_(self, method_name, *args, executor):
        """Calls the named method on every component concurrently."""
        tasks = {
            name: executor.submit(getattr(component, method_name), *args)
            for name, component in self._context_components.items()
        }
        return {name: future.result() for name, future in tasks.items()}

    def stateless_act(self, action_spec):
        """Act without updating any component state (used for counterfactual probing)."""
        with self._control_lock:
            with futures.ThreadPoolExecutor() as executor:
                contexts = self._parallel_call_('pre_act', action_spec, executor=executor)
            return self._act_component.get_action_attempt(contexts, action_spec)


if __name__ == "__main__":
    agent = EntityAgent(
        "Alice",
        ActingComponent(),
        {"memory": ContextComponent("memory"),
         "plan": ContextComponent("plan", fail=True),
         "observation": ContextComponent("observation")},
    )
    try:
        print(agent.stateless_act(ActionSpec("What does Alice do next?")))
    except RuntimeError as e:
        print("act failed:", e)
