"""The quiz engine, called directly: variants, reading answers, scoring, recording."""

import dataclasses
import hashlib
import json
import math
import re
import sys

import pytest
import yaml

from grader.course import Course
from grader.errors import CatalogError
from grader.formula import parse_formula
from grader.quiz import (
    AnswersError,
    InvalidAnswer,
    QuizInterrupted,
    answer_key,
    find_quiz,
    grade_answers,
    interpret,
    learner_seed,
    make_variant,
    parse_typed,
    read_answers,
    run_interactive,
    take_quiz,
    wrap,
)
from grader.quiz_schema import Param, Question, load_quiz

from conftest import ROOT

SESSIONS = [f"session{i}" for i in range(1, 7)]


class FakeGradebook:
    """Stands in for grader.gradebook.Gradebook (same three methods the quiz uses)."""

    def __init__(self, earlier_attempts=0):
        self.earlier = earlier_attempts
        self.records = []

    def record(self, kind, name, result, submission_hash, learner=None):
        self.records.append((kind, name, result, submission_hash))
        return len(self.records)

    def attempt_count(self, kind, name, learner=None):
        return self.earlier + len(self.records)

    def best(self, kind, name, learner=None):
        scores = [(r[2]["score"], r[2]["max_score"]) for r in self.records if r[:2] == (kind, name)]
        return max(scores) if scores else None


def quiz(session):
    return load_quiz(ROOT / "quizzes" / f"{session}.yaml")


def posed(variant, question_id):
    return variant.posed(question_id)


def numbers_in(text):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


# --- full marks and zero ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 12345])
@pytest.mark.parametrize("session", SESSIONS)
def test_the_answer_key_earns_full_marks_and_no_answers_earn_zero(quiz_course, session, seed):
    course = Course(quiz_course)
    key_file = quiz_course / "key.yaml"
    key_file.write_text(answer_key(course, session, seed=seed, gradebook=FakeGradebook()))
    variant = make_variant(find_quiz(course, session), seed)

    full = grade_answers(variant, read_answers(key_file, variant))
    assert full.full_marks and full.passed
    assert full.score == full.max_score == quiz(session).max_score
    assert all(q.correct for q in full.questions)

    empty = grade_answers(variant, {})
    assert empty.score == 0 and not empty.passed
    assert not any(q.correct or q.answered for q in empty.questions)


def test_an_empty_answers_file_is_no_answers(tmp_path):
    variant = make_variant(quiz("session1"), 0)
    (tmp_path / "a.yaml").write_text("")
    assert read_answers(tmp_path / "a.yaml", variant) == {}


# --- parameterised questions -------------------------------------------------------------------


def test_drawn_numbers_change_with_the_seed_and_are_scored_right():
    prompts = set()
    for seed in range(10):
        p = posed(make_variant(quiz("session1"), seed), "flatten_rgb")
        h, w = numbers_in(p.prompt)
        prompts.add(p.prompt)
        assert p.expected == 3 * h * w
        assert f"= {int(3 * h * w)} numbers" in p.explanation
        assert grade_answers(make_variant(quiz("session1"), seed), {"flatten_rgb": 3 * h * w}).score == 1
        assert grade_answers(make_variant(quiz("session1"), seed), {"flatten_rgb": h * w}).score == 0
    assert len(prompts) >= 5


def test_cross_entropy_is_scored_within_its_tolerance():
    seen = set()
    for seed in range(8):
        variant = make_variant(quiz("session3"), seed)
        p = posed(variant, "cross_entropy_value")
        a1, a2 = numbers_in(p.prompt.split("AL = ")[1])[:2]
        seen.add((a1, a2))
        cost = -(math.log(a1) + math.log(1 - a2)) / 2
        score = {r.id: r.score for r in grade_answers(variant, {"cross_entropy_value": round(cost, 3)}).questions}
        assert score["cross_entropy_value"] == 1
        log10_cost = -(math.log10(a1) + math.log10(1 - a2)) / 2  # the classic slip: the wrong logarithm
        score = {r.id: r.score for r in grade_answers(variant, {"cross_entropy_value": log10_cost}).questions}
        assert score["cross_entropy_value"] == 0
    assert len(seen) > 1


def test_conv_output_size_rounds_down():
    for seed in range(20):
        p = posed(make_variant(quiz("session4"), seed), "conv_output_size")
        n, _, f, _, pad, s = numbers_in(p.prompt)
        assert p.expected == math.floor((n + 2 * pad - f) / s) + 1


def test_the_same_seed_gives_the_same_variant_and_other_seeds_shuffle_the_choices():
    one, again = make_variant(quiz("session2"), 7), make_variant(quiz("session2"), 7)
    assert [(p.prompt, p.choices, p.expected) for p in one.questions] == [(p.prompt, p.choices, p.expected) for p in again.questions]
    orders = {tuple(k for k, _ in make_variant(quiz("session2"), seed).posed("neuron_computes").choices) for seed in range(10)}
    assert len(orders) > 1


def test_the_seed_of_an_attempt_depends_on_learner_quiz_and_attempt():
    assert learner_seed("ada", "session1", 1) == learner_seed("ada", "session1", 1)
    seeds = {learner_seed("ada", "session1", 1), learner_seed("ada", "session1", 2), learner_seed("bob", "session1", 1), learner_seed("ada", "session2", 1)}
    assert len(seeds) == 4


# --- partial credit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ticked, score",
    [
        # 3 right choices (a, b, c) and 2 wrong ones (d, e), for 2 points
        (["a", "b", "c"], 2.0),
        (["a", "b"], 1.333333),  # 2 x 2/3
        (["a", "b", "d"], 0.333333),  # 2 x (2/3 - 1/2)
        (["a", "b", "c", "d"], 1.0),  # 2 x (1 - 1/2)
        (["a", "d", "e"], 0.0),  # 2 x (1/3 - 1) is below 0
        (["a", "b", "c", "d", "e"], 0.0),  # ticking everything earns what ticking nothing does
        (["d"], 0.0),
    ],
)
def test_right_minus_wrong(ticked, score):
    variant = make_variant(quiz("session1"), 0)
    result = grade_answers(variant, {"classification_tasks": interpret(posed(variant, "classification_tasks"), ticked)})
    [question] = [q for q in result.questions if q.id == "classification_tasks"]
    assert question.score == score
    assert question.correct == (score == 2.0)


def test_all_or_nothing(tmp_path):
    data = yaml.safe_load((ROOT / "quizzes" / "session1.yaml").read_text(encoding="utf-8"))
    data["partial_credit"] = "all_or_nothing"
    (tmp_path / "session1.yaml").write_text(yaml.safe_dump(data))
    variant = make_variant(load_quiz(tmp_path / "session1.yaml"), 0)
    scores = {
        tuple(ticked): grade_answers(variant, {"classification_tasks": tuple(ticked)}).score
        for ticked in (["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"])
    }
    assert scores == {("a", "b"): 0.0, ("a", "b", "c"): 2.0, ("a", "b", "c", "d"): 0.0}


# --- reading answers -------------------------------------------------------------------------------


def test_choices_are_answered_by_key_or_text():
    p = posed(make_variant(quiz("session1"), 0), "unsupervised_example")
    assert interpret(p, "b") == interpret(p, "B") == interpret(p, "  unsupervised   LEARNING ") == "b"
    with pytest.raises(InvalidAnswer, match="'semi-supervised' is not one of the choices"):
        interpret(p, "semi-supervised")
    with pytest.raises(InvalidAnswer):
        interpret(p, ["a", "b"])


def test_multiple_select_takes_a_list_of_keys_or_texts():
    p = posed(make_variant(quiz("session1"), 0), "classification_tasks")
    assert interpret(p, ["c", "Flagging an email as spam or not spam", "a", "a"]) == ("a", "b", "c")
    assert interpret(p, "a") == ("a",)


@pytest.mark.parametrize("raw, value", [(True, True), ("yes", True), ("T", True), (False, False), ("no", False), (" false ", False)])
def test_true_false(raw, value):
    assert interpret(posed(make_variant(quiz("session1"), 0), "dl_needs_data"), raw) is value


@pytest.mark.parametrize("raw, value", [(270000, 270000), ("270000", 270000), ("2.7e5", 270000), ("270_000", 270000), (" 0.5 ", 0.5)])
def test_numbers(raw, value):
    assert interpret(posed(make_variant(quiz("session1"), 0), "flatten_rgb"), raw) == value


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("270,000", "without commas"),
        ("lots", "answer with a number"),
        ("nan", "answer with a number"),
        (float("inf"), "answer with a number"),
        ("1e400", "answer with a number"),
        (10**400, "too large"),
        (True, "answer with a number"),
        ([1, 2], "answer with a number"),
    ],
)
def test_not_a_number(raw, problem):
    with pytest.raises(InvalidAnswer, match=problem):
        interpret(posed(make_variant(quiz("session1"), 0), "flatten_rgb"), raw)


def test_short_text_ignores_case_and_spaces():
    variant = make_variant(quiz("session2"), 0)
    score = {a: grade_answers(variant, {"weight_adjustment_term": a}).score for a in ("  Back PROPAGATION ", "backprop", "BackPropagation", "forward propagation")}
    assert score == {"  Back PROPAGATION ": 1, "backprop": 1, "BackPropagation": 1, "forward propagation": 0}
    w2 = make_variant(quiz("session3"), 0)
    assert [grade_answers(w2, {"w2_shape": a}).score for a in ("(3,5)", "( 3 , 5 )", "3 x 5", "(5, 3)")] == [1, 1, 1, 0]


def test_typed_answers_pick_choices_by_their_number():
    p = posed(make_variant(quiz("session1"), 3), "classification_tasks")
    keys = [k for k, _ in p.choices]
    assert parse_typed(p, "1, 3") == parse_typed(p, "1 3") == tuple(sorted([keys[0], keys[2]]))
    with pytest.raises(InvalidAnswer, match="Choose a number from 1 to 5"):
        parse_typed(p, "1,6")
    with pytest.raises(InvalidAnswer, match="Please type an answer"):
        parse_typed(p, "   ")


@pytest.mark.parametrize(
    "text, problem",
    [
        ("- a\n- b\n", "expected a mapping from question id to answer, got list"),
        ("no_such_question: a\n", "no_such_question: session1 has no question with this id"),
        ("flatten_rgb: lots\n", "flatten_rgb: Please answer with a number"),
        ("dl_inside_ml: z\n", "dl_inside_ml: 'z' is not one of the choices"),
        ("dl_inside_ml: [a\n", "malformed YAML"),
    ],
)
def test_an_answers_file_that_cannot_be_graded(tmp_path, text, problem):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    with pytest.raises(AnswersError, match=re.escape(problem)) as caught:
        read_answers(path, make_variant(quiz("session1"), 0))
    assert str(path) in str(caught.value)


def test_a_missing_answers_file(tmp_path):
    with pytest.raises(AnswersError, match="file not found"):
        read_answers(tmp_path / "nope.yaml", make_variant(quiz("session1"), 0))


# --- recording ---------------------------------------------------------------------------------------


def test_a_finished_quiz_is_recorded_once_with_its_variant_from_the_attempt(quiz_course):
    course = Course(quiz_course)
    book = FakeGradebook(earlier_attempts=2)
    expected_variant = make_variant(find_quiz(course, "session1"), learner_seed("ada", "session1", 3))
    (quiz_course / "a.yaml").write_text(yaml.safe_dump({"flatten_rgb": expected_variant.posed("flatten_rgb").expected, "dl_inside_ml": "a"}))

    result = take_quiz(course, "session1", answers_file=quiz_course / "a.yaml", gradebook=book)

    assert result.seed == expected_variant.seed and result.not_recorded == ""
    assert result.score == 2.0
    [(kind, name, recorded, digest)] = book.records
    assert (kind, name, recorded) == ("quiz", "session1", result.to_json())
    canonical = json.dumps({"dl_inside_ml": "a", "flatten_rgb": expected_variant.posed("flatten_rgb").expected}, sort_keys=True)
    assert digest == hashlib.sha256(canonical.encode()).hexdigest()


def test_the_answer_key_records_nothing(quiz_course):
    book = FakeGradebook()
    answer_key(Course(quiz_course), "session1", gradebook=book)
    assert book.records == []


class Scripted:
    """A terminal that types the given lines, then interrupts."""

    def __init__(self, lines, interrupt=KeyboardInterrupt):
        self.lines, self.interrupt, self.shown = list(lines), interrupt, []

    def show(self, text=""):
        self.shown.append(text)

    def ask(self, prompt):
        if not self.lines:
            raise self.interrupt()
        return self.lines.pop(0)


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, QuizInterrupted])
def test_a_half_quiz_is_never_recorded(quiz_course, interrupt):
    book = FakeGradebook()
    with pytest.raises(QuizInterrupted):
        take_quiz(Course(quiz_course), "session1", seed=0, terminal=Scripted(["1", "1"], interrupt), gradebook=book)
    assert book.records == []


def test_invalid_typed_input_is_asked_again_and_each_answer_explained(quiz_course):
    variant = make_variant(find_quiz(Course(quiz_course), "session1"), 0)
    first, second = variant.questions[:2]
    right = str([k for k, _ in first.choices].index(first.expected) + 1)
    wrong = str([k for k, _ in second.choices].index("b") + 1)  # a wrong choice of ml_vs_dl_features
    terminal = Scripted(["", "9", "maybe", right, wrong])
    with pytest.raises(QuizInterrupted):
        run_interactive(variant, terminal)
    shown = terminal.shown
    assert shown.count("Please type an answer.") == 1
    assert shown.count("Choose a number from 1 to 4.") == 1
    assert "'maybe' is not one of the choices: type its number, from 1 to 4." in shown
    assert shown[shown.index("Correct.") + 1] == wrap(first.explanation)
    verdict = shown.index(wrap(f"Not quite. The answer: {second.expected_text()}"))
    assert shown[verdict + 1] == wrap(second.explanation)
    assert all(len(line) <= 88 for text in shown for line in text.splitlines())


def test_without_a_gradebook_module_the_quiz_still_grades(quiz_course, monkeypatch):
    monkeypatch.setitem(sys.modules, "grader.gradebook", None)  # as before grader/gradebook.py existed
    (quiz_course / "a.yaml").write_text("dl_inside_ml: a\n")
    result = take_quiz(Course(quiz_course), "session1", answers_file=quiz_course / "a.yaml")
    assert result.score == 1.0
    assert result.not_recorded == "this attempt was not recorded in the gradebook: this installation has no gradebook"


def test_a_variant_whose_formula_fails_is_a_catalog_error(tmp_path):
    """load_quiz tries only a sample of a large space of variants: one that fails when drawn is named."""
    loaded = quiz("session1")
    broken = Question(
        id="broken", type="numeric", prompt="n = {n}", explanation="...", tolerance=0.0,
        formula=parse_formula("1 / (n - 3)"), params=(Param("n", values=(3,)),),
    )
    with pytest.raises(CatalogError, match=rf"questions\[{len(loaded.questions)}\] \(id: broken\)\.formula: cannot evaluate"):
        make_variant(dataclasses.replace(loaded, questions=loaded.questions + (broken,)), 0)
