"""How well question packs fit real people: the evaluation set, measured.

Ranks a pack of 12 for every contact in tests/questions/eval_contacts.yaml, exactly as
`questions` would for that contact and the asker's goal, and counts with the same function
the test asserts (bot/questions/evaluation.py):

* wrong_field_questions: questions written for a field that does not fit the contact
  (goal: 0);
* own_field_coverage_pct: contacts whose pack holds at least 3 questions written for their
  field (goal: at least 90%);
* wrong_goal_questions: questions for another audience (a student asked about a career
  change, a business owner given job-seeker questions).

Usage: python benchmarks/bench_question_fit.py   (last line: JSON figures)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.questions.evaluation import MIN_OWN, PACK, evaluate, parse_eval  # noqa: E402

EVAL_FILE = ROOT / "tests" / "questions" / "eval_contacts.yaml"


def main() -> None:
    contacts = parse_eval(yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8")))
    report = evaluate(contacts)
    print(f"Question fit over {len(contacts)} contacts, packs of {PACK}")
    print(f"{'contact':<44}{'asker':<16}{'own':>5}{'wrong':>7}")
    for result in report.results:
        person = result.contact
        who = f"{person.role}" + (f" ({person.industry})" if person.industry else "")
        mark = "" if result.covered or not person.acceptable else f"  < fewer than {MIN_OWN}"
        own = str(result.own) if person.acceptable else "-"
        print(f"{who[:43]:<44}{person.audience:<16}{own:>5}{len(result.wrong):>7}{mark}")
    figures = report.figures()
    print(
        f"wrong-field questions shown: {figures['wrong_field_questions']} (goal 0); "
        f"own-field coverage: {figures['own_field_coverage_pct']}% (goal >= 90%); "
        f"wrong-goal questions: {figures['wrong_goal_questions']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
