"""Fixtures shared by the platform's tests."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def source_course(tmp_path, monkeypatch):
    """An instructor's copy of the course source in tmp_path (solutions included), the current directory."""
    shutil.copy(ROOT / "course.yaml", tmp_path / "course.yaml")
    for folder in ("exercises", "solutions", "graders", "fixtures", "quizzes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def quiz_course(tmp_path, monkeypatch):
    """An instructor's workspace in tmp_path: course.yaml, the quizzes and a solutions/ folder.

    The gradebook is the workspace's own (tmp_path/.grade) and the learner is "ada".
    """
    shutil.copy(ROOT / "course.yaml", tmp_path / "course.yaml")
    shutil.copytree(ROOT / "quizzes", tmp_path / "quizzes")
    (tmp_path / "solutions").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    return tmp_path
