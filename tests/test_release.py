"""`grade release OUTDIR`, end to end: what the learner's copy holds, and that it grades like the source."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import cli
from grader.course import Course
from grader.quiz import LOCKED_EXPLANATION, find_quiz, make_variant
from grader.quiz_schema import MULTIPLE, NUMERIC, SINGLE, TEXT, TRUE_FALSE, load_quiz
from grader.release import find_leaks

from conftest import ROOT

SOURCE_PARTS = ["course.yaml", "pyproject.toml", "README.md", "grader", "exercises", "solutions", "graders", "fixtures",
                "quizzes", "data"]
SESSIONS = [f"session{i}" for i in range(1, 7)]
SEED = "7"


def copy_source(target: Path) -> Path:
    target.mkdir()
    for name in SOURCE_PARTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".grade"))
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target


def grade(folder: Path, *args, input=None):
    """`grade ARGS` run in `folder`, as the learner ada."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        mp.setenv("GRADE_LEARNER", "ada")
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(source, release): a copy of the course source and the release `grade release` made from it."""
    base = tmp_path_factory.mktemp("release")
    source = copy_source(base / "source")
    result = grade(source, "release", str(base / "learner"))
    assert result.exit_code == 0, result.output
    assert "6 quizzes locked" in result.output
    return source, base / "learner"


# --- what the release holds ----------------------------------------------------------------------------


def test_the_release_holds_no_instructor_material(course):
    source, release = course
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert not (release / "solutions").exists()
    assert not (release / "graders" / "cases").exists()
    assert not (release / "fixtures" / "hidden").exists()
    assert not any(f.startswith("data/hidden/") or "held_out" in f for f in files)
    assert ".grade-salt" not in files and (source / ".grade-salt").is_file()
    leaks, _ = find_leaks(Course(source), release)  # (leaks, earlier solutions that later stubs carry as helpers)
    assert leaks == []
    for exercise in Course(source).catalog.exercises:
        assert exercise.file in files and (release / exercise.grader).is_file()
    assert Course(release).is_release and not Course(source).is_release


def test_every_quiz_ships_locked_without_its_answers(course):
    source, release = course
    for session in SESSIONS:
        text = (release / "quizzes" / f"{session}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert data["locked"] is True
        plain = load_quiz(source / "quizzes" / f"{session}.yaml")
        for q, entry in zip(plain.questions, data["questions"]):
            assert not {"answer", "accept", "formula", "params", "explanation"} & set(entry), (session, q.id)
            if q.formula is not None and q.formula.names != {q.formula.text.strip()}:
                assert q.formula.text not in text, (session, q.id)
            shown = yaml.safe_dump({k: v for k, v in entry.items() if k not in ("lock", "variants")}, allow_unicode=True).casefold()
            for accepted in q.accept:
                assert accepted.casefold() not in shown, (session, q.id, accepted)
                # The id ships (answers files use it), so it must not name the answer either.
                assert accepted.casefold().replace(" ", "") not in q.id.replace("_", ""), (session, q.id, accepted)
            assert " ".join(q.explanation.split()[:8]) not in " ".join(text.split()), (session, q.id)


def test_the_release_runs_on_its_own_code(course):
    _, release = course
    assert (release / "pyproject.toml").is_file()
    env = {**os.environ, "PYTHONPATH": str(release), "GRADE_LEARNER": "ada"}
    where = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], cwd=release, env=env,
                           capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).resolve().is_relative_to(release.resolve()), where
    done = subprocess.run([sys.executable, "-m", "grader", "quiz"], cwd=release, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "session1" in done.stdout and "cannot be taken" not in done.stdout


# --- it grades like the source ------------------------------------------------------------------------------


def test_an_exercise_scores_in_the_release_as_on_the_public_cases_in_the_source(course):
    source, release = course
    solution = str(source / "solutions" / "exercise3.py")
    in_source = grade(source, "exercise3", "--submission", solution, "--public-only", "--json")
    in_release = grade(release, "exercise3", "--submission", solution, "--json")
    assert in_source.exit_code == in_release.exit_code == 0, in_release.output
    a, b = json.loads(in_source.stdout), json.loads(in_release.stdout)
    assert (a["score"], a["max_score"]) == (b["score"], b["max_score"]) == (a["max_score"], a["max_score"])
    assert [(t["name"], t["status"], t["score"]) for t in a["tests"]] == [(t["name"], t["status"], t["score"]) for t in b["tests"]]


def test_an_untouched_stub_scores_zero_in_the_release(course):
    _, release = course
    result = grade(release, "exercise3", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["score"] == 0


@pytest.mark.parametrize("session", SESSIONS)
def test_the_source_answer_key_earns_full_marks_in_the_release(course, session):
    source, release = course
    key = grade(source, "quiz", session, "--answer-key", "--seed", SEED)
    assert key.exit_code == 0, key.output
    key_file = release.parent / f"key-{session}.yaml"
    key_file.write_text(key.stdout, encoding="utf-8")
    result = grade(release, "quiz", session, "--answers", str(key_file), "--seed", SEED, "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["score"] == body["max_score"] > 0
    assert LOCKED_EXPLANATION not in result.stdout  # every explanation was unlocked by its right answer


@pytest.mark.parametrize("session", SESSIONS)
def test_no_answers_earn_zero_in_the_release(course, session):
    _, release = course
    empty = release.parent / "empty.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    result = grade(release, "quiz", session, "--answers", str(empty), "--seed", SEED, "--json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["score"] == 0 and all(q["explanation"] == LOCKED_EXPLANATION for q in body["questions"])


def half_right(variant) -> dict:
    """Right answers to every other question; wrong or partly right ones to the rest."""
    answers = {}
    for i, p in enumerate(variant.questions):
        right = p.expected if p.type != TEXT else p.question.accept[0]
        if p.type == MULTIPLE:
            right = list(p.expected)
        if i % 2 == 0:
            answers[p.id] = right
        elif p.type == SINGLE:
            answers[p.id] = next(key for key, _ in p.choices if key != p.expected)
        elif p.type == MULTIPLE:  # one right choice and one wrong one: partial credit
            answers[p.id] = [p.expected[0], *[key for key, _ in p.choices if key not in p.expected][:1]]
        elif p.type == TRUE_FALSE:
            answers[p.id] = not p.expected
        elif p.type == NUMERIC:
            answers[p.id] = p.expected + 10 * p.question.tolerance + 1
        else:
            answers[p.id] = "certainly not the answer"
    return answers


@pytest.mark.parametrize("session", SESSIONS)
def test_a_half_right_answers_file_scores_the_same_in_both(course, session):
    source, release = course
    variant = make_variant(find_quiz(Course(source), session), int(SEED))
    answers = release.parent / f"half-{session}.yaml"
    answers.write_text(yaml.safe_dump(half_right(variant), allow_unicode=True), encoding="utf-8")
    a = json.loads(grade(source, "quiz", session, "--answers", str(answers), "--seed", SEED, "--json").stdout)
    b = json.loads(grade(release, "quiz", session, "--answers", str(answers), "--seed", SEED, "--json").stdout)
    assert 0 < a["score"] == b["score"] < a["max_score"] == b["max_score"]
    for qa, qb in zip(a["questions"], b["questions"]):
        assert (qa["id"], qa["score"], qa["correct"]) == (qb["id"], qb["score"], qb["correct"])
        assert qb["explanation"] == (qa["explanation"] if qa["correct"] else LOCKED_EXPLANATION)


def test_the_quiz_in_the_terminal_of_the_release(course):
    source, release = course
    variant = make_variant(find_quiz(Course(source), "session3"), int(SEED))
    lines = []
    for p in variant.questions:  # every answer right, typed as a learner would
        if p.type in (SINGLE, MULTIPLE):
            right = p.expected if p.type == MULTIPLE else (p.expected,)
            lines.append(",".join(str(n) for n, (key, _) in enumerate(p.choices, start=1) if key in right))
        elif p.type == TRUE_FALSE:
            lines.append(str(p.expected).lower())
        elif p.type == NUMERIC:
            lines.append(repr(p.expected))
        else:
            lines.append(p.question.accept[-1].upper())
    first = variant.questions[0]
    assert first.type == SINGLE
    lines[0] = next(str(n) for n, (key, _) in enumerate(first.choices, start=1) if key != first.expected)
    result = grade(release, "quiz", "session3", "--seed", SEED, input="\n".join(lines) + "\n")
    assert result.exit_code == 1, result.output
    n = len(variant.questions)
    assert result.stdout.count("Correct.") == n - 1 and result.stdout.count("Not quite.") == 1
    assert "The answer:" not in result.stdout and "answer is locked" in result.stdout
    shown = " ".join(result.stdout.split())
    assert all(" ".join(p.explanation.split()[:6]) in shown for p in variant.questions[1:])
    assert " ".join(first.explanation.split()[:6]) not in shown


# --- what the release refuses --------------------------------------------------------------------------------


def test_instructor_commands_are_refused_in_the_release(course):
    _, release = course
    key = grade(release, "quiz", "session1", "--answer-key", "--seed", SEED)
    assert key.exit_code == 2 and "instructors" in key.stderr
    assert grade(release, "validate").exit_code == 2
    again = grade(release, "release", str(release.parent / "again"))
    assert again.exit_code == 2 and "already a learner's copy" in again.stderr
    assert not (release.parent / "again").exists()


def test_release_refuses_a_non_empty_folder_without_force(course, tmp_path):
    source, _ = course
    (tmp_path / "notes.txt").write_text("mine")
    result = grade(source, "release", str(tmp_path))
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
    forced = grade(source, "release", str(tmp_path), "--force")
    assert forced.exit_code == 2 and "does not look like an earlier release" in forced.stderr
    assert (tmp_path / "notes.txt").is_file()


def test_release_refuses_a_folder_inside_the_course(course):
    source, _ = course
    result = grade(source, "release", str(source / "learner"))
    assert result.exit_code == 2 and "outside the course folder" in result.stderr
    assert not (source / "learner").exists()


def test_release_with_force_replaces_an_earlier_release_identically(course, tmp_path):
    source, release = course
    out = tmp_path / "learner"
    assert grade(source, "release", str(out)).exit_code == 0
    (out / "stale.txt").write_text("from before")
    assert grade(source, "release", str(out)).exit_code == 2
    assert grade(source, "release", str(out), "--force").exit_code == 0
    assert not (out / "stale.txt").exists()
    for session in SESSIONS:  # the same salt, the same locked files
        name = f"quizzes/{session}.yaml"
        assert (out / name).read_text(encoding="utf-8") == (release / name).read_text(encoding="utf-8")
