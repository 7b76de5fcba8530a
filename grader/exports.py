"""Gradebook exports for learning-management systems and Gradescope.

LMS gradebook CSV (`grade export --lms canvas|moodle`): one row per learner, one column
per exercise and quiz in course order (headers `exercise3` and `session3 quiz`), each
cell the learner's best score, empty when the learner has no attempt (both imports
leave an empty cell's grade alone). UTF-8, comma-separated, a header row first.

- Canvas (Grades > Import): the columns `Student`, `ID`, `SIS User ID`, `SIS Login ID`
  and `Section` come first, as in Canvas's own gradebook export, then one column per
  item; a column whose header matches no assignment becomes a new assignment. The
  second row, `Points Possible`, gives each item's max score. Canvas matches a row to a
  student by `ID`, `SIS User ID` or `SIS Login ID`: we do not know Canvas's numeric ids,
  so the learner's name goes in `SIS Login ID` (and `Student`). Set `GRADE_LEARNER`
  (or name the batch folders) to the learners' Canvas login ids.
- Moodle (Grades > Import > CSV file): a `Username` column, then one column per item.
  In the import form choose "Identify user by: map from Username to username" (or to
  email address, if your learners are named by email), and map each item column to a
  grade item or to "new grade item".

Gradescope (`grade export --gradescope exerciseN`): the results.json of one learner's best
(or latest) attempt: `score`, `output` and the `tests` with `name`, `score`, `max_score`,
`status` and `output`. Gradescope knows only the statuses "passed" and "failed", so an
"error" or "timeout" check is "failed" with its outcome in front of its output.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from grader.gradebook import Gradebook, GradebookError, current_learner
from grader.reports import Scores, format_points, course_items

LMS_FORMATS = ("canvas", "moodle")
ATTEMPT_CHOICES = ("best", "latest")
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def lms_csv(course, gradebook: Gradebook, lms: str) -> str:
    """The gradebook as a CSV that the `lms` ("canvas" or "moodle") gradebook import accepts."""
    if lms not in LMS_FORMATS:
        raise GradebookError(f"unknown LMS '{lms}' (expected one of: {', '.join(LMS_FORMATS)})")
    items = course_items(course)
    scores = Scores(gradebook)

    def cell(value):
        return "" if value is None else format_points(value)

    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: quoted as needed, CRLF line ends
    if lms == "canvas":
        writer.writerow(CANVAS_ID_COLUMNS + [i.label for i in items])
        writer.writerow(["Points Possible", "", "", "", ""] + [cell(scores.known_max(i)) for i in items])
        for learner in gradebook.learners():
            writer.writerow([learner, "", "", learner, ""] + [cell(scores.best(i, learner)) for i in items])
    else:
        writer.writerow(["Username"] + [i.label for i in items])
        for learner in gradebook.learners():
            writer.writerow([learner] + [cell(scores.best(i, learner)) for i in items])
    return out.getvalue()


def gradescope_results(course, gradebook: Gradebook, exercise: str, learner: str | None = None, attempt: str = "best") -> dict:
    """Gradescope's results.json for one learner's best or latest attempt at `exercise`."""
    if attempt not in ATTEMPT_CHOICES:
        raise GradebookError(f"unknown attempt choice '{attempt}' (expected one of: {', '.join(ATTEMPT_CHOICES)})")
    course.catalog.exercise(exercise)  # an unknown name is an UnknownName error
    learner = learner or current_learner()
    attempts = gradebook.attempts(kind="exercise", name=exercise, learner=learner)
    if not attempts:
        raise GradebookError(f"{learner} has no attempt at {exercise} in the gradebook: run `grade {exercise}` first")
    if attempt == "latest":
        chosen = attempts[-1]
    else:  # the highest score; a tie goes to the latest attempt, as Gradebook.best does
        chosen = max(reversed(attempts), key=lambda a: a.score)
    return {
        "score": chosen.score,
        "output": f"{exercise}: {attempt} of {len(attempts)} attempt(s) by {learner}, graded {chosen.recorded_at}.",
        "tests": [_gradescope_test(check) for check in chosen.checks],
        "extra_data": {
            "learner": learner,
            "attempt_id": chosen.id,
            "recorded_at": chosen.recorded_at,
            "submission_hash": chosen.submission_hash,
            "max_score": chosen.max_score,
        },
    }


def _gradescope_test(check: dict) -> dict:
    status = check.get("status", "")
    output = check.get("output", "")
    if status not in ("passed", "failed"):
        output = f"[{status}] {output}".rstrip()
    return {
        "name": check.get("name", ""),
        "score": check.get("score", 0.0),
        "max_score": check.get("max_score", 0.0),
        "status": "passed" if status == "passed" else "failed",
        "output": output,
    }


# --- the `grade export` command's library side ------------------------------------------


def export(course, output: str = "-", lms: str | None = None, gradescope: str | None = None,
           learner: str | None = None, attempt: str = "best") -> str:
    """Build the LMS CSV or the Gradescope results.json and write it to `output`.

    Returns what to print: the export itself when `output` is "-", else a one-line summary.
    """
    if (lms is None) == (gradescope is None):
        raise GradebookError("export needs exactly one of --lms canvas|moodle or --gradescope exerciseN")
    with Gradebook.open(course) as gradebook:
        if lms is not None:
            text = lms_csv(course, gradebook, lms)
            what = f"{lms} gradebook CSV of {len(gradebook.learners())} learner(s)"
        else:
            text = json.dumps(gradescope_results(course, gradebook, gradescope, learner, attempt), indent=2) + "\n"
            what = f"Gradescope results for {gradescope}"
    if output == "-":
        return text.rstrip("\n")
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise GradebookError(f"cannot write {output}: {exc.strerror or exc}") from None
    return f"Wrote the {what} to {output}"
