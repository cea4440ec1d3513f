"""Reduced from MycroftAI/mycroft-skills-manager PR #1 (ThreadPool never closed)."""
from multiprocessing.pool import ThreadPool


class SkillEntry:
    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url
        self.is_local = False

    def update(self):
        # the real entry runs `git pull` in the skill folder
        return f"updated {self.name}"


class MycroftSkillsManager:
    def __init__(self, skills):
        self.skills = skills

    def apply(self, func, skills):
        """Run a function on all skills in parallel."""

        def run_item(skill):
            try:
                func(skill)
                return True
            except Exception:
                return False

        tp = ThreadPool(100)
        return tp.map(run_item, skills)

    def update_all(self):
        def update_skill(skill):
            skill.update()

        return self.apply(update_skill, self.skills)


def main():
    msm = MycroftSkillsManager([SkillEntry(f"skill-{i}", f"https://example.invalid/{i}") for i in range(20)])
    # the skills service calls update_all periodically; every call leaves
    # 100 idle pool threads behind until the interpreter runs out of threads
    for _ in range(5):
        print(sum(msm.update_all()))


if __name__ == "__main__":
    main()
