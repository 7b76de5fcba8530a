"""Locked quizzes (grader/quiz_lock.py): no plain-text answer, and scored exactly as the source."""

import itertools
import re
import shutil

import pytest
import yaml

from grader.course import Course
from grader.errors import CatalogError, CourseError
from grader.quiz import LOCKED_EXPLANATION, answer_key, explanation_after, grade_answers, make_variant, score_question
from grader.quiz_lock import GRID_DIVISIONS, canonical_number, lock_quiz_file
from grader.quiz_schema import MULTIPLE, NUMERIC, SINGLE, TEXT, TRUE_FALSE, VARIANT_POOL, load_quiz, validate_quiz

from conftest import ROOT

SESSIONS = [f"session{i}" for i in range(1, 7)]
SALT = "0123456789abcdef0123456789abcdef"
SEEDS = [0, 7, 63, 64, 1000, 12345, 2**47 + 3]


@pytest.fixture(scope="module")
def locked_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locked")
    for session in SESSIONS:
        shutil.copy(ROOT / "quizzes" / f"{session}.yaml", folder / f"{session}.yaml")
        lock_quiz_file(folder / f"{session}.yaml", SALT)
    return folder


def source(session):
    return load_quiz(ROOT / "quizzes" / f"{session}.yaml")


def locked(folder, session):
    return load_quiz(folder / f"{session}.yaml")


def candidates(posed):
    """Right, wrong, partly right and malformed-but-readable answers to a posed (source) question."""
    q, expected = posed.question, posed.expected
    if q.type == SINGLE:
        return [key for key, _ in q.choices]
    if q.type == MULTIPLE:
        keys = [key for key, _ in q.choices]
        return [tuple(sorted(c)) for r in range(1, len(keys) + 1) for c in itertools.combinations(keys, r)]
    if q.type == TRUE_FALSE:
        return [True, False]
    if q.type == TEXT:
        return [*q.accept, f"  {q.accept[-1].upper()} ", "not the answer", "x"]
    t = q.tolerance
    return [expected, float(expected), -expected - 1, expected + 1, expected + 0.9 * t, expected - 0.9 * t,
            expected + 1.1 * t + 1e-12, expected - 2 * t - 1e-12, 1e300]


# --- what the file holds -------------------------------------------------------------------------------


def readable(entry) -> str:
    """What a learner reads of a locked question (prompt, choices, drawn values): hashes and sealed text left out."""
    shown = {k: v for k, v in entry.items() if k not in ("lock", "variants")}
    shown["values"] = [variant["values"] for variant in entry.get("variants", [])]
    return yaml.safe_dump(shown, allow_unicode=True, width=10**6).casefold()


def word_in(text: str, haystack: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(text.casefold())}(?!\w)", haystack) is not None


@pytest.mark.parametrize("session", SESSIONS)
def test_a_locked_file_holds_no_plain_text_answer_formula_or_explanation(locked_dir, session):
    raw = (locked_dir / f"{session}.yaml").read_text(encoding="utf-8")
    flat = " ".join(raw.split()).casefold()
    data = yaml.safe_load(raw)
    assert data["locked"] is True and data["salt"] == SALT
    asked = " ".join(" ".join([q.prompt, *(text for _, text in q.choices)]) for q in source(session).questions)
    asked = " ".join(asked.split()).casefold()  # the source's prompts and choices, which a learner reads anyway
    for q, entry in zip(source(session).questions, data["questions"]):
        assert entry["id"] == q.id
        assert not {"answer", "accept", "formula", "params", "explanation"} & set(entry), q.id
        if q.formula is not None:
            assert len(entry["variants"]) == VARIANT_POOL
            if q.formula.names != {q.formula.text.strip()}:  # a formula that is not just a parameter shown in the prompt
                assert q.formula.text not in raw, q.id
        if q.type == TEXT:
            assert not any(word_in(text, readable(entry)) for text in q.accept), q.id
        if q.type == NUMERIC and q.formula is None:
            assert not word_in(canonical_number(q.answer), readable(entry)), q.id
            assert len(str(q.answer)) < 4 or str(q.answer) not in raw, q.id
        for sentence in re.split(r"(?<=[.:;])\s", q.explanation):
            if len(sentence) > 25 and "{" not in sentence and " ".join(sentence.split()).casefold() not in asked:
                assert " ".join(sentence.split()).casefold() not in flat, (q.id, sentence)


@pytest.mark.parametrize("session", SESSIONS)
def test_a_locked_file_is_a_valid_quiz(locked_dir, session):
    assert validate_quiz(locked_dir / f"{session}.yaml") == []
    quiz = locked(locked_dir, session)
    assert quiz.locked and all(q.locked for q in quiz.questions)
    assert quiz.max_score == source(session).max_score and quiz.pass_mark == source(session).pass_mark


def test_locking_is_deterministic_and_depends_on_the_salt(tmp_path):
    for name, salt in (("a", SALT), ("b", SALT), ("c", "another salt")):
        (tmp_path / name).mkdir()
        shutil.copy(ROOT / "quizzes" / "session3.yaml", tmp_path / name / "session3.yaml")
        lock_quiz_file(tmp_path / name / "session3.yaml", salt)
    text = {name: (tmp_path / name / "session3.yaml").read_text() for name in "abc"}
    assert text["a"] == text["b"] != text["c"]


def test_a_locked_file_is_not_locked_twice(locked_dir, tmp_path):
    shutil.copy(locked_dir / "session1.yaml", tmp_path / "session1.yaml")
    with pytest.raises(CourseError, match="already locked"):
        lock_quiz_file(tmp_path / "session1.yaml", SALT)


# --- scoring: the same as the source ---------------------------------------------------------------------


@pytest.mark.parametrize("session", SESSIONS)
def test_every_answer_scores_the_same_locked_and_a_right_one_unlocks_the_explanation(locked_dir, session):
    src, lk = source(session), locked(locked_dir, session)
    for seed in SEEDS:
        plain, hashed = make_variant(src, seed), make_variant(lk, seed)
        for p, h in zip(plain.questions, hashed.questions):
            assert (h.id, h.prompt, h.choices) == (p.id, p.prompt, p.choices)
            for answer in [None, *candidates(p)]:
                score = score_question(p, answer, src.partial_credit)
                assert score_question(h, answer, lk.partial_credit) == score, (seed, p.id, answer)
                if answer is not None and score == p.question.points:
                    assert explanation_after(h, answer) == p.explanation, (seed, p.id, answer)
                else:
                    assert explanation_after(h, answer) == LOCKED_EXPLANATION


def test_the_variant_of_a_seed_is_the_pooled_one_in_the_source_and_in_a_locked_copy(locked_dir):
    src, lk = source("session3"), locked(locked_dir, "session3")
    for seed in (5, 5 + VARIANT_POOL, 5 + 1000 * VARIANT_POOL):
        assert make_variant(src, seed).posed("update_step").prompt == make_variant(src, 5).posed("update_step").prompt
        assert make_variant(lk, seed).posed("update_step").prompt == make_variant(src, 5).posed("update_step").prompt
    prompts = {make_variant(lk, seed).posed("update_step").prompt for seed in range(VARIANT_POOL)}
    assert len(prompts) > 20  # the pool holds many different variants, not one repeated


def test_a_whole_answer_set_grades_the_same(locked_dir):
    src, lk = source("session4"), locked(locked_dir, "session4")
    plain, hashed = make_variant(src, 7), make_variant(lk, 7)
    answers = {p.id: candidates(p)[i % len(candidates(p))] for i, p in enumerate(plain.questions)}
    a, b = grade_answers(plain, answers), grade_answers(hashed, answers)
    assert a.score == b.score and 0 < a.score < a.max_score
    assert [(q["id"], q["score"], q["correct"]) for q in a.to_json()["questions"]] == \
           [(q["id"], q["score"], q["correct"]) for q in b.to_json()["questions"]]


# --- the numeric schemes --------------------------------------------------------------------------------


def one_question_quiz(tmp_path, question, partial_credit="right_minus_wrong"):
    path = tmp_path / "session1.yaml"
    data = {"format_version": 1, "session": "session1", "title": "t", "pass_mark": 0.5, "partial_credit": partial_credit,
            "questions": [{"id": "q", "prompt": "What?", "explanation": "Because.", **question}]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    lock_quiz_file(path, SALT)
    return make_variant(load_quiz(path), 0).posed("q")


@pytest.mark.parametrize("answer, tolerance", [(0.693147, 0.001), (9.5367431640625e-07, 1e-8), (-42.5, 0.5), (1e6, 20)])
def test_a_tolerance_band_moves_by_at_most_half_a_grid_step(tmp_path, answer, tolerance):
    posed = one_question_quiz(tmp_path, {"type": "numeric", "answer": answer, "tolerance": tolerance})
    step = tolerance / GRID_DIVISIONS
    for x in (answer, answer + tolerance - step * 0.51, answer - tolerance + step * 0.51):
        assert posed.lock.accepts(x), x
    for x in (answer + tolerance + step * 0.51, answer - tolerance - step * 0.51, answer + 10 * tolerance):
        assert not posed.lock.accepts(x), x
    assert explanation_after(posed, answer + tolerance / 2) == "Because."


@pytest.mark.parametrize("written", [270000, 270000.0, 2.7e5])
def test_tolerance_zero_compares_the_number_however_it_is_written(tmp_path, written):
    posed = one_question_quiz(tmp_path, {"type": "numeric", "answer": 270000, "tolerance": 0})
    assert posed.lock.accepts(written) and not posed.lock.accepts(270001)


def test_canonical_numbers():
    assert canonical_number(0.1 + 0.2) == canonical_number(0.3) == "0.3"
    assert canonical_number(2.0) == canonical_number(2) == "2"
    assert canonical_number(270000000000000000000) == canonical_number(2.7e20)
    assert canonical_number(10**400) == str(10**400)


def test_short_text_is_compared_normalised(tmp_path):
    posed = one_question_quiz(tmp_path, {"type": "short_text", "accept": ["back propagation", "backprop"]})
    assert posed.lock.accepts("BackPropagation") and posed.lock.accepts(" backprop ")
    assert not posed.lock.accepts("forward propagation")
    assert explanation_after(posed, "Back Propagation") == explanation_after(posed, "backprop") == "Because."


def test_all_or_nothing_multiple_select(tmp_path):
    posed = one_question_quiz(tmp_path, {"type": "multiple_select", "choices": {"a": "x", "b": "y", "c": "z"}, "answer": ["a", "c"]},
                              partial_credit="all_or_nothing")
    assert score_question(posed, ("a", "c"), "all_or_nothing") == 1
    assert score_question(posed, ("a",), "all_or_nothing") == 0
    assert score_question(posed, ("a", "b", "c"), "all_or_nothing") == 0


# --- a damaged locked file, and what a locked quiz refuses -----------------------------------------------


@pytest.mark.parametrize("damage, key", [
    (lambda q: q["lock"].update(hashes="not hex"), "questions[0] (id: training_loop_order).lock.hashes"),
    (lambda q: q.pop("lock"), "questions[0] (id: training_loop_order).lock: missing"),
    (lambda q: q.update(answer="a"), "questions[0] (id: training_loop_order).answer: unknown key"),
])
def test_a_damaged_locked_file_names_the_key(locked_dir, tmp_path, damage, key):
    data = yaml.safe_load((locked_dir / "session3.yaml").read_text(encoding="utf-8"))
    damage(data["questions"][0])
    path = tmp_path / "session3.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = validate_quiz(path)
    assert any(key in problem for problem in problems), problems
    with pytest.raises(CatalogError):
        load_quiz(path)


def test_a_locked_pool_variant_without_a_prompt_value_is_reported(locked_dir, tmp_path):
    data = yaml.safe_load((locked_dir / "session3.yaml").read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == "update_step")
    del question["variants"][3]["values"]["alpha"]
    path = tmp_path / "session3.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert any("variants[3].values: no value for alpha" in p for p in validate_quiz(path))


def test_no_answer_key_from_a_locked_quiz_even_in_a_source(locked_dir, quiz_course):
    shutil.copy(locked_dir / "session2.yaml", quiz_course / "quizzes" / "session2.yaml")
    with pytest.raises(CourseError, match="locked"):
        answer_key(Course(quiz_course), "session2", seed=1)
