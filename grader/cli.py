"""The `grade` command: parses options, calls one library function, prints.

Heavy modules (the engine, pytest, nbformat, the gradebook) are imported inside the
command that needs them, so `grade --help` and each command start fast.
"""

from __future__ import annotations

import re
import sys

import click

from grader.course import Course
from grader.errors import CourseError, ExitCode

EXERCISE_NAME = re.compile(r"^exercise\d+$")


class GradeGroup(click.Group):
    """A group whose subcommands also include one per exercise (`grade exercise3`)."""

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is None and EXERCISE_NAME.match(cmd_name):
            return _exercise_command(cmd_name)
        return command

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name and super().get_command(ctx, name) is None and not EXERCISE_NAME.match(name):
            raise click.UsageError(
                f"unknown command or exercise '{name}': try `grade exercise1`, `grade quiz session1` or `grade --help`"
            )
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx, formatter):
        formatter.write_paragraph()
        formatter.write_text("Grade an exercise with `grade exerciseN` (for example `grade exercise3`).")
        super().format_commands(ctx, formatter)

    def main(self, *args, **kwargs):
        # Library errors become one clear line and exit 2; nothing of the platform's traceback is shown.
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(ExitCode.NOT_FULL_MARKS)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except CourseError as exc:
            click.echo(f"grade: {exc}", err=True)
            sys.exit(ExitCode.CANNOT_GRADE)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)


class LazyCourse:
    """Finds the course only when a command needs it, so `grade --help` works anywhere."""

    def __init__(self, start=None):
        self.start = start
        self._course = None

    def get(self) -> Course:
        if self._course is None:
            self._course = Course.find(self.start)
        return self._course


pass_course = click.make_pass_decorator(LazyCourse, ensure=True)


@click.group(cls=GradeGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-course-grader", prog_name="grade")
@click.pass_context
def cli(ctx):
    """Grade deep-learning exercises and take session quizzes.

    \b
    Learners:     grade exercise3          grade quiz session2
    Instructors:  grade fixtures           grade validate
    """
    ctx.ensure_object(LazyCourse)
    if ctx.invoked_subcommand is None:
        _where_am_i(ctx)


def _exercise_command(name: str) -> click.Command:
    @click.command(name=name, help=f"Grade {name}: run its checks and show score and feedback.")
    @click.option("--submission", type=click.Path(dir_okay=False), help="Grade this .py file (or .ipynb notebook) instead of your own.")
    @click.option("--json", "as_json", is_flag=True, help="Print only the results object as JSON (Gradescope's shape).")
    @click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Time limit for the exercise in seconds (default: the catalog's, about 10).")
    @click.option("--hidden/--public-only", default=None, help="Also run the hidden cases (instructors; default: when they are present).")
    @click.option("--memory", type=click.IntRange(min=64), default=None, help="Memory limit for your code in MiB (default: 1024).")
    @pass_course
    def command(lazy, submission, as_json, timeout, hidden, memory):
        from grader.engine import grade_exercise, record_attempt
        from grader.feedback import render_json, render_text

        course = lazy.get()
        from grader.sandbox import MiB, Limits

        limits = Limits(memory=memory * MiB) if memory else None
        result = grade_exercise(course, name, submission=submission, time_limit=timeout, hidden=hidden, limits=limits)
        warning = record_attempt(course, result)
        if warning:
            click.echo(f"grade: warning: {warning}", err=True)
        if as_json:
            click.echo(render_json(result))
        else:
            from grader.terminal import color_wanted

            click.echo(render_text(result, color=color_wanted()))
        sys.exit(ExitCode.FULL_MARKS if result.full_marks else ExitCode.NOT_FULL_MARKS)

    return command


# --- instructor commands ---------------------------------------------------------------


@cli.command()
@click.argument("exercises", nargs=-1)
@pass_course
def fixtures(lazy, exercises):
    """Regenerate the expected values (fixtures/) from the reference solutions."""
    from grader.fixtures import generate_fixtures

    for line in generate_fixtures(lazy.get(), list(exercises) or None):
        click.echo(line)


@cli.command()
@click.argument("exercises", nargs=-1)
@pass_course
def validate(lazy, exercises):
    """Check the whole course: solutions earn full marks, stubs 0, fixtures fresh, quizzes valid."""
    from grader.validate import validate_course

    course = lazy.get()
    if course.is_release:
        raise CourseError("validate needs the reference solutions: run it in the course source, not a learner's copy")
    failures = 0
    for finding in validate_course(course, list(exercises) or None):
        click.echo(f"{'ok  ' if finding.ok else 'FAIL'} {finding.subject}")
        for problem in finding.problems:
            click.echo(f"       {problem}")
        failures += not finding.ok
    click.echo(f"{failures} problem(s) found." if failures else "The course is valid.")
    sys.exit(ExitCode.NOT_FULL_MARKS if failures else ExitCode.FULL_MARKS)


@cli.group()
def new():
    """Scaffold a new exercise or quiz, ready to fill in."""


@new.command("exercise")
@click.argument("exercise_id")
@click.option("--session", required=True, help="The session it belongs to, e.g. session4.")
@click.option("--title", help="Its title in the catalog.")
@click.option("--function", "function", help="The function the learner writes (default: transform).")
@pass_course
def new_exercise(lazy, exercise_id, session, title, function):
    """Add EXERCISE_ID (exerciseN): catalog entry, stub, solution, cases and grader."""
    from grader.scaffold import new_exercise as scaffold

    for path in scaffold(lazy.get(), exercise_id, session, title, function):
        click.echo(f"wrote {path}")
    click.echo(f"Next: write solutions/{exercise_id}.py, then `grade fixtures {exercise_id}` "
               f"and `grade validate {exercise_id}`.")


@new.command("quiz")
@click.argument("session")
@pass_course
def new_quiz(lazy, session):
    """Add quizzes/SESSION.yaml with an example question."""
    from grader.scaffold import new_quiz as scaffold

    for path in scaffold(lazy.get(), session):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace an earlier release in OUTDIR.")
@pass_course
def release(lazy, outdir, force):
    """Write the learner's copy of the course to OUTDIR (no solutions, hidden cases or quiz answers)."""
    from grader.release import make_release

    report = make_release(lazy.get(), outdir, force=force)
    click.echo(f"Wrote {len(report.files)} files to {report.outdir} ({report.quizzes_locked} quizzes locked).")
    if report.helpers:
        click.echo(f"{len(report.helpers)} functions of earlier exercises' solutions ship as ready-made helpers in "
                   "later stubs (each exercise file stands alone): release session by session if that matters.")
    click.echo(f"Learners: cd {report.outdir} && pip install -e . && grade exercise1")


@cli.command()
@click.argument("session", required=False)
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False), help="Take the answers from this YAML file (question id -> answer) instead of asking.")
@click.option("--json", "as_json", is_flag=True, help="Print only the results object as JSON.")
@click.option("--answer-key", is_flag=True, help="Print an answers file that earns full marks (instructors, in the course source).")
@click.option("--seed", type=int, default=None, help="Variant of the numeric questions (default: drawn from the learner and the attempt).")
@pass_course
def quiz(lazy, session, answers_file, as_json, answer_key, seed):
    """Take a session's quiz (`grade quiz session1`), or list the quizzes with your best scores."""
    import json

    from grader import quiz as quizzes

    course = lazy.get()
    if session is None:
        if answers_file or as_json or answer_key or seed is not None:
            raise CourseError("name the quiz to take, e.g. `grade quiz session1`")
        click.echo(quizzes.render_listing(quizzes.list_quizzes(course)))
        return
    if answer_key:
        if answers_file or as_json:
            raise CourseError("--answer-key cannot be combined with --answers or --json")
        click.echo(quizzes.answer_key(course, session, seed=seed), nl=False)
        return
    try:
        result = quizzes.take_quiz(course, session, answers_file=answers_file, seed=seed, terminal=quizzes.Terminal(err=as_json))
    except quizzes.QuizInterrupted:
        click.echo(f"Quiz left before the end: nothing was recorded (start again with `grade quiz {session}`).", err=True)
        sys.exit(ExitCode.NOT_FULL_MARKS)
    if result.not_recorded:
        click.echo(f"grade: warning: {result.not_recorded}", err=True)
    click.echo(json.dumps(result.to_json()) if as_json else quizzes.render_result(result))
    sys.exit(ExitCode.FULL_MARKS if result.full_marks else ExitCode.NOT_FULL_MARKS)


# --- gradebook: progress, reports and exports ----------------------------------------------


@cli.command(name="list")
@click.option("--learner", help="Show this learner's progress (default: you, or $GRADE_LEARNER).")
@pass_course
def list_items(lazy, learner):
    """List every exercise and quiz with its status, best score and attempts."""
    from grader.reports import progress_text

    click.echo(progress_text(lazy.get(), learner))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True, help="Output format.")
@click.option("--learner", help="Report on this learner (default: you, or $GRADE_LEARNER).")
@click.option("--all", "all_learners", is_flag=True, help="Report on every learner in the gradebook (instructors).")
@pass_course
def report(lazy, fmt, learner, all_learners):
    """Scores per session and overall, from the gradebook."""
    from grader.reports import report_text

    if learner and all_learners:
        raise click.UsageError("--learner and --all cannot be combined")
    click.echo(report_text(lazy.get(), fmt, learner=learner, all_learners=all_learners))


@cli.command()
@click.option("--lms", type=click.Choice(["canvas", "moodle"]), help="Gradebook CSV for this LMS's grade import: one row per learner.")
@click.option("--gradescope", metavar="EXERCISE", help="Gradescope results.json of one exercise, e.g. exercise3.")
@click.option("--learner", help="With --gradescope: whose attempt (default: you, or $GRADE_LEARNER).")
@click.option("--attempt", type=click.Choice(["best", "latest"]), default="best", show_default=True, help="With --gradescope: which attempt.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="File to write (default: print it).")
@pass_course
def export(lazy, lms, gradescope, learner, attempt, output):
    """Export the gradebook: `--lms canvas|moodle -o grades.csv` or `--gradescope exercise3 -o results.json`."""
    from grader.exports import export as export_gradebook

    if (lms is None) == (gradescope is None):
        raise click.UsageError("give exactly one of --lms canvas|moodle or --gradescope EXERCISE")
    if lms and learner:
        raise click.UsageError("--learner goes with --gradescope; an LMS export holds every learner")
    click.echo(export_gradebook(lazy.get(), output, lms=lms, gradescope=gradescope, learner=learner, attempt=attempt))


@cli.command()
@click.argument("exercise")
@click.option("--force", is_flag=True, help="Overwrite the notebook if it already exists (your work in it is lost).")
@pass_course
def notebook(lazy, exercise, force):
    """Write exercises/exerciseN.ipynb to work on an exercise in Jupyter (`grade notebook exercise3`)."""
    from grader.notebook import write_notebook

    path = write_notebook(lazy.get(), exercise, force=force)
    click.echo(f"Wrote {path}. `grade {exercise}` now grades the notebook whenever it was saved more recently "
               f"than the exercise's .py file.")


# --- the learner's loop: where am I, hints, watch, reset ----------------------------------------


def _where_am_i(ctx):
    """`grade` alone: the learner's progress and next command; outside a course, the help."""
    from grader.errors import CourseNotFound
    from grader.status import status_text
    from grader.terminal import color_wanted

    try:
        course = ctx.find_object(LazyCourse).get()
    except CourseNotFound:
        click.echo(ctx.get_help())
        click.echo("\nNo course here: run `grade` inside a course folder to see where you stand and what to do next.")
        return
    click.echo(status_text(course, color=color_wanted()))


@cli.command()
@click.argument("exercise", required=False)
@pass_course
def hint(lazy, exercise):
    """Show the next hint of EXERCISE (default: the one you are on), with those you have seen."""
    from grader.hints import next_hint, render_hints
    from grader.status import current_exercise
    from grader.terminal import color_wanted

    course = lazy.get()
    if exercise is None:
        current = current_exercise(course)
        if current is None:
            raise CourseError("every exercise has full marks: name one for its hints, e.g. `grade hint exercise1`")
        exercise = current.id
    hints = next_hint(course, exercise)
    if hints.warning:
        click.echo(f"grade: warning: {hints.warning}", err=True)
    click.echo(render_hints(hints, color=color_wanted()))


@cli.command()
@click.argument("exercise", required=False)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Time limit per grading in seconds (default: the catalog's).")
@pass_course
def watch(lazy, exercise, timeout):
    """Grade EXERCISE (default: the one you are on) each time you save it; move on at full marks. Ctrl-C stops."""
    from grader.terminal import color_wanted, is_terminal
    from grader.watch import watch as watch_exercises

    watch_exercises(lazy.get(), exercise, clear=is_terminal(), color=color_wanted(), time_limit=timeout)


@cli.command()
@click.argument("exercise")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_course
def reset(lazy, exercise, yes):
    """Put back the untouched EXERCISE file; your version is kept in .grade/backups/."""
    from grader.reset import is_pristine, pristine_stub, render_reset, reset_exercise

    course = lazy.get()
    ex = course.catalog.exercise(exercise)
    if not yes and not is_pristine(course, ex, pristine_stub(course, ex)):
        click.confirm(f"Replace {ex.file} with the untouched stub (your version is kept in .grade/backups/)?",
                      abort=True)
    click.echo(render_reset(course, reset_exercise(course, exercise)))


# --- instructors: a whole class ------------------------------------------------------------------


@cli.command()
@click.argument("submissions", type=click.Path(file_okay=False))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Grading processes (default: the number of CPUs).")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Folder for grades.csv, feedback/ and results/ (default: SUBMISSIONS-grades beside SUBMISSIONS).")
@click.option("--public-only", is_flag=True, help="Run the checks on the public cases only (default: hidden cases too).")
@click.option("--regrade", is_flag=True, help="Grade and record every submission again, changed or not.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Time limit per exercise in seconds (default: the catalog's).")
@click.option("--memory", type=click.IntRange(min=64), default=None, help="Memory limit per submission in MiB (default: 1024).")
@click.option("--quiz-seed", type=int, default=None, help="Variant of the quizzes' numeric questions for the whole class (default: 0).")
@pass_course
def batch(lazy, submissions, jobs, out, public_only, regrade, timeout, memory, quiz_seed):
    """Grade a class: SUBMISSIONS holds one folder per learner (exerciseN.py or .ipynb, sessionK.yaml).

    Results go to the gradebook (learner = folder name), grades.csv and one feedback file per
    learner. Run it again after a stop: only what is missing or changed is graded.
    """
    import signal

    from grader.batch import run_batch

    given = {"quiz_seed": quiz_seed} if quiz_seed is not None else {}
    try:
        report = run_batch(lazy.get(), submissions, jobs=jobs, out=out, public_only=public_only, regrade=regrade,
                           timeout=timeout, memory=memory, **given)
    except KeyboardInterrupt:  # run_batch has said what was kept and how to go on
        sys.exit(128 + signal.SIGINT)
    click.echo(report.summary())
    sys.exit(ExitCode.NOT_FULL_MARKS if report.failed or report.with_problems else ExitCode.FULL_MARKS)


def main():
    cli(prog_name="grade")


if __name__ == "__main__":
    main()
