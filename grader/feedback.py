"""Feedback a learner reads: error explanations, the summary of a run, text and JSON output."""

from __future__ import annotations

import difflib

from grader.results import ExerciseResult

# --- explaining what the worker reported -------------------------------------------------------


def _frames(error: dict, filename: str, where=None) -> list[str]:
    # `where` (a notebook's) turns a line of the graded code into "cell 3, line 2".
    lines = []
    for frame in error.get("frames") or []:
        at = where(frame["line"]) if where else f"line {frame['line']}"
        lines.append(f"  {filename}, {at}, in {frame['function']}" + (f":\n      {frame['text']}" if frame.get("text") else ""))
    return lines


def explain_load_error(error: dict, filename: str, where=None) -> str:
    kind = error.get("kind")
    if kind == "empty":
        return (f"{filename} is empty: there is no code to grade. "
                "Restore the exercise file (for example with git checkout) and fill in the # TODO parts.")
    if kind == "syntax":
        at = f"in {where(error.get('line'))}" if where else f"on line {error.get('line')}"
        lines = [f"{filename} has a syntax error {at}: {error.get('message')}."]
        if error.get("text"):
            text = error["text"]
            lines.append(f"    {text.strip()}")
            column = error.get("column")
            if column:
                indent = len(text) - len(text.lstrip())
                lines.append("    " + " " * max(0, column - 1 - indent) + "^")
        lines.append("Python could not read the file, so none of its functions could be checked.")
        return "\n".join(lines)
    if kind == "import_missing":
        module = error.get("module") or error.get("message", "")
        line = (error.get("frames") or [{}])[-1].get("line")
        at = f" ({where(line) if where else f'line {line}'})" if line else ""
        return (f"{filename} could not be imported: it imports `{module}`{at}, which is not installed. "
                "The exercise needs only numpy: remove that import.")
    if kind in ("import", "exit", "memory", "recursion"):
        what = {"exit": "called exit() or raised SystemExit/KeyboardInterrupt",
                "memory": "ran out of memory",
                "recursion": "recursed too deeply"}.get(kind, f"raised {error.get('type')}: {error.get('message')}")
        lines = [f"{filename} could not be imported: its top-level code {what}."]
        lines += _frames(error, filename, where)
        lines.append("Code outside the functions runs when the file is imported: keep tests and prints inside "
                     "`if __name__ == \"__main__\":`.")
        return "\n".join(lines)
    return f"{filename} could not be loaded ({error.get('message') or kind})."


def explain_call_error(error: dict, function: str, filename: str, defined: list[str], where=None,
                       memory_limit: str = "its memory limit") -> str:
    kind = error.get("kind")
    if kind == "missing":
        names = error.get("defined") or defined
        close = difflib.get_close_matches(function, names, n=1)
        guess = f" (it has `{close[0]}`: a typo?)" if close else ""
        return f"{filename} has no function `{function}`{guess}: did you rename or delete it?"
    if kind == "not_implemented":
        return (f"`{function}` is not written yet: it still raises NotImplementedError. "
                f"Replace the `# TODO` part of `{function}` in {filename} with your code.")
    if kind == "memory":
        return (f"`{function}` used more than {memory_limit} of memory (MemoryError): "
                "is an array far bigger than needed, or one created inside a loop?")
    if kind == "recursion":
        return f"`{function}` recursed too deeply (RecursionError): does it call itself?"
    if kind == "exit":
        return f"`{function}` called exit() or raised {error.get('type')}: return a value instead."
    if kind == "encode":
        return f"`{function}` returned something that cannot be checked ({error.get('message')})."
    lines = [f"`{function}` raised {error.get('type')}: {error.get('message')}"]
    frames = _frames(error, filename, where)
    if frames:
        lines.append("Where, in your code:")
        lines += frames
    return "\n".join(lines)


# --- the whole run ------------------------------------------------------------------------------


def summarise(result: ExerciseResult, learner, casebook) -> None:
    if learner.load_error:
        result.summary = learner.load_error
    elif learner.not_started and all(c.status != "passed" for c in result.checks):
        result.summary = (f"You have not started {result.exercise} yet: open {result.submission}, replace each "
                          f"`# TODO` part with your code, then run `grade {result.exercise}` again.")
    if casebook is not None and casebook.hidden_count and not casebook.hidden_loaded:
        result.hidden_pending = True
        result.notes.append(f"These checks ran on the public cases. Your instructor also runs them on "
                            f"{casebook.hidden_count} hidden cases, so a full score here is not yet a final grade.")
    elif casebook is not None and casebook.hidden_loaded:
        result.notes.append(f"These checks included {casebook.hidden_count} hidden cases.")


_MARK = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "timeout": "TIMEOUT"}
_COLOUR = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow"}


def render_text(result: ExerciseResult, color: bool = False) -> str:
    from grader.terminal import Painter

    paint = Painter(color)

    width = max(len(c.name) for c in result.checks) if result.checks else 0
    lines = [paint(f"{result.exercise}: {result.title}", bold=True) + f"  ({result.submission})", ""]
    if result.summary:
        lines += [paint(line, fg="red") if i == 0 else line for i, line in enumerate(result.summary.splitlines())]
        lines.append("")
    previous = result.summary
    for check in result.checks:
        mark = paint(f"{_MARK[check.status]:<7}", fg=_COLOUR[check.status], bold=True)
        points = f"{_num(check.score)}/{_num(check.max_score)}"
        lines.append(f"{mark} {check.name:<{width}}  {points:>7}")
        if check.status != "passed" and check.output:
            if check.output == previous:
                lines.append("        (same reason as above)")
            else:
                lines += ["        " + line for line in check.output.splitlines()]
            previous = check.output
    lines.append("")
    total = f"Score: {_num(result.score)}/{_num(result.max_score)}"
    lines.append(paint(total, bold=True, fg="green" if result.full_marks else None))
    if result.full_marks:
        lines.append("Every check passed." if not result.hidden_pending else
                     "Every check passed on the public cases.")
    for note in result.notes:
        lines.append(note)
    if result.printed.strip():
        shown = result.printed.strip()[:500]
        lines += ["", "Your file printed this when it was imported:", shown]
    return "\n".join(lines)


def render_json(result: ExerciseResult) -> str:
    return result.dumps()


def _num(x: float) -> str:
    return f"{x:g}"
