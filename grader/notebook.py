"""Exercises as Jupyter notebooks: writing one for an exercise, and reading a learner's back as Python.

A notebook is graded as the Python code of its answer cells: the code cells tagged "answer"
(nbgrader's `solution` cells count too), or every code cell when none is tagged. IPython's own
syntax is dropped first (`%magic`, `%%cell magic`, `!shell`, `x = !shell`, `name?`), so the
code is graded exactly like the same code in a .py file. The text keeps a map from its lines
back to the cells, so feedback names "cell 3, line 2" instead of a line of the joined code.

nbformat is imported only inside the functions that read or write a notebook (its import is
slow): this module itself is cheap, and `grade exerciseN` imports it to pick the file to grade.
"""

from __future__ import annotations

import ast
import doctest
import io
import json
import re
import tokenize
from pathlib import Path

from grader.course import Course, Exercise
from grader.errors import CourseError, SubmissionError

ANSWER_TAG = "answer"

_LINE_MAGIC = re.compile(r"^\s*[%!]")
_ASSIGNED_MAGIC = re.compile(r"^\s*[\w.]+(\s*,\s*[\w.]+)*\s*=\s*[%!]")
_HELP = re.compile(r"^\s*(\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")
_CELL_MAGIC = re.compile(r"^\s*%%(\w+)")
# Cell magics whose body is Python: the body is kept, the `%%name` line dropped.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}


# --- which file `grade exerciseN` grades ---------------------------------------------------------


def notebook_path(exercise: Exercise) -> str:
    """exercises/exercise3.py -> exercises/exercise3.ipynb (relative to the course root)."""
    return Path(exercise.file).with_suffix(".ipynb").as_posix()


def working_notebook(course: Course, exercise: Exercise) -> str | None:
    """The notebook to grade instead of the exercise's .py file, or None.

    The rule: the learner works in the notebook when it exists and was saved more recently
    than the .py file (or the .py file is gone). Only file times are compared; nothing is read.
    """
    notebook = course.path(notebook_path(exercise))
    try:
        saved = notebook.stat().st_mtime
    except OSError:
        return None
    try:
        return notebook_path(exercise) if saved > course.path(exercise.file).stat().st_mtime else None
    except OSError:
        return notebook_path(exercise)


# --- reading a notebook as Python ----------------------------------------------------------------


class NotebookSource(str):
    """The Python code of a notebook's graded cells; `where(line)` names the cell ("cell 3, line 2")."""

    cells: tuple  # for each line of the text: (cell number from 1, counting every cell; line in the cell) or None

    def __new__(cls, text: str, cells):
        self = super().__new__(cls, text)
        self.cells = tuple(cells)
        return self

    def where(self, line: int | None) -> str:
        if not line or not self.cells:
            return f"line {line}"
        index = min(max(line, 1), len(self.cells)) - 1
        for cell in reversed(self.cells[: index + 1]):  # a line between cells belongs to the cell above
            if cell is not None:
                return f"cell {cell[0]}, line {cell[1]}"
        return f"line {line}"


def notebook_source(path, shown: str | None = None) -> NotebookSource:
    """Read the notebook at `path` and return the code to grade. Unreadable or not a notebook: SubmissionError."""
    shown = shown or str(path)
    cells = read_cells(path, shown)
    tagged = [c for c in cells if c["cell_type"] == "code" and _is_answer(c)]
    graded = tagged or [c for c in cells if c["cell_type"] == "code"]
    lines, where = [], []
    for cell in graded:
        if lines:
            lines.append("")
            where.append(None)
        for number, line in enumerate(strip_magics(cell["source"]).split("\n"), start=1):
            lines.append(line)
            where.append((cell["number"], number))
    text = "\n".join(lines)
    return NotebookSource(text + "\n" if text.strip() else "", where if text.strip() else ())


def read_cells(path, shown: str) -> list[dict]:
    """The notebook's cells as {"number", "cell_type", "source", "metadata"}; any version nbformat reads."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SubmissionError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SubmissionError(f"cannot grade {shown}: it is not UTF-8 text, so not a notebook") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SubmissionError(f"cannot grade {shown}: it is not valid JSON (line {exc.lineno}: {exc.msg}); "
                              "a notebook saved by Jupyter always is: is the file damaged?") from None
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int) \
            or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise SubmissionError(f"cannot grade {shown}: it is JSON but not a Jupyter notebook "
                              "(it has no `nbformat` and `cells`)")
    if data["nbformat"] != 4:
        data = _as_version_4(data, shown)
    cells = []
    for number, cell in enumerate(data["cells"], start=1):
        if not isinstance(cell, dict):
            raise SubmissionError(f"cannot grade {shown}: cell {number} is not a notebook cell")
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        metadata = cell.get("metadata")
        cells.append({"number": number, "cell_type": cell.get("cell_type"), "source": str(source),
                      "metadata": metadata if isinstance(metadata, dict) else {}})
    return cells


def _as_version_4(data: dict, shown: str) -> dict:
    import nbformat

    try:
        notebook = nbformat.reader.reads(json.dumps(data))
        return nbformat.convert(notebook, 4)
    except Exception as exc:  # nbformat raises many kinds (ValidationError, NBFormatError, KeyError...)
        raise SubmissionError(f"cannot grade {shown}: it is not a notebook this platform can read "
                              f"(nbformat {data.get('nbformat')}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None


def _is_answer(cell: dict) -> bool:
    metadata = cell["metadata"]
    tags = metadata.get("tags")
    nbgrader = metadata.get("nbgrader")
    return (isinstance(tags, list) and ANSWER_TAG in tags) or (isinstance(nbgrader, dict) and nbgrader.get("solution") is True)


def strip_magics(source: str) -> str:
    """A cell's code without IPython's syntax; every line keeps its number (a dropped line becomes blank or `pass`)."""
    lines = source.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and (cell_magic := _CELL_MAGIC.match(lines[first])):
        if cell_magic.group(1) not in _PYTHON_CELL_MAGICS:  # %%bash, %%html, %%writefile...: not Python at all
            return "\n".join("" for _ in lines)
        lines[first] = ""
    kept: list[str] = []
    for line in lines:
        is_magic = _LINE_MAGIC.match(line) or _ASSIGNED_MAGIC.match(line) or _HELP.match(line)
        if is_magic and _complete("\n".join(kept)):
            indent = line[: len(line) - len(line.lstrip())]
            kept.append(indent + "pass" if indent else "")  # `pass` keeps an `if` or `for` block valid
        else:
            kept.append(line)  # inside brackets or a string, `%` and `!` are Python (`(a\n % b)`)
    return "\n".join(kept)


def _complete(code: str) -> bool:
    """Whether the code ends outside any bracket, string or line continuation."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
            pass
    except tokenize.TokenError:
        return False
    except SyntaxError:  # inconsistent indentation: Python will report it; the line is not a continuation
        return True
    return True


# --- writing a notebook for an exercise -----------------------------------------------------------


def write_notebook(course: Course, name: str, force: bool = False) -> str:
    """Write exercises/<name>.ipynb from the exercise's .py file and the catalog; returns its path in the course.

    An existing notebook is the learner's work: it is replaced only with `force`.
    """
    import nbformat

    exercise = course.catalog.exercise(name)
    target = course.path(notebook_path(exercise))
    if target.exists() and not force:
        raise CourseError(f"{notebook_path(exercise)} already exists and may hold your work: "
                          f"grade it with `grade {name}`, or overwrite it with `grade notebook {name} --force`")
    notebook = build_notebook(course, exercise)
    nbformat.validate(notebook)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))
    return notebook_path(exercise)


def build_notebook(course: Course, exercise: Exercise):
    """The notebook for an exercise: introduction, answer cell (the stub's code), a try-it cell, a grade cell."""
    from nbformat import v4

    try:
        stub = course.path(exercise.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"cannot write the notebook: {exercise.file} cannot be read ({exc}); "
                          f"restore it with `git checkout {exercise.file}`") from None
    docstring, code = _split_module_docstring(stub)
    session = course.catalog.session(exercise.session)
    intro = [f"# {exercise.title}", "", f"*{exercise.id}, {session.id}: {session.title}*", ""]
    intro += [part.strip() + "\n" for part in (docstring, exercise.explanation) if part.strip()]
    intro.append(f"Write your code in the cell tagged `{ANSWER_TAG}` below (replace each `# TODO` part); "
                 f"only that cell is graded. Save the notebook (Ctrl+S) before you grade it.")
    cells = [
        v4.new_markdown_cell("\n".join(intro), id="introduction"),
        v4.new_code_cell(code, id="answer", metadata={"tags": [ANSWER_TAG]}),
        v4.new_markdown_cell("## Try it", id="try-it-title"),
        v4.new_code_cell(_try_it(code, exercise), id="try-it"),
        v4.new_markdown_cell(
            f"## Check your work\n\nSave the notebook, then run the cell below (or `grade {exercise.id}` in a "
            f"terminal). `grade {exercise.id}` grades this notebook whenever it was saved more recently than "
            f"`{Path(exercise.file).name}`.", id="grade-title"),
        v4.new_code_cell(f"!grade {exercise.id}", id="grade"),
    ]
    return v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })


def _split_module_docstring(source: str) -> tuple[str, str]:
    """(the module docstring, the code after it); the docstring goes to the notebook's introduction."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "", source.strip("\n")
    docstring = ast.get_docstring(tree, clean=True) or ""
    if not docstring:
        return "", source.strip("\n")
    end = tree.body[0].end_lineno
    return docstring, "\n".join(source.split("\n")[end:]).strip("\n")


def _try_it(code: str, exercise: Exercise) -> str:
    """Code that calls the exercise's functions on their docstring examples (or says how to try them)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    lines = []
    for name in exercise.functions:
        node = functions.get(name)
        examples = doctest.DocTestParser().get_examples(ast.get_docstring(node) or "") if node else []
        for example in examples:
            source, want = example.source.rstrip("\n"), example.want.rstrip("\n")
            lines += [f"# expected: {line}" for line in want.splitlines()]
            lines.append(f"print({source})" if _is_expression(source) and want else source)
            lines.append("")
        if node and not examples:
            arguments = ", ".join(a.arg for a in node.args.args)
            lines += [f"# Try {name} on a small example of your own, e.g.:", f"# print({name}({arguments}))", ""]
    return "\n".join(lines).strip("\n") or "# Try your functions here."


def _is_expression(source: str) -> bool:
    try:
        ast.parse(source, mode="eval")
    except SyntaxError:
        return False
    return True
