"""Exit codes and the small exception hierarchy the CLI turns into one-line errors."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of every `grade` command (COURSE.md)."""

    FULL_MARKS = 0
    NOT_FULL_MARKS = 1
    CANNOT_GRADE = 2


class CourseError(Exception):
    """Something the user asked for cannot be done; the message is one line for the terminal.

    Raised by library code and turned into exit code 2 at the CLI edge.
    """


class CourseNotFound(CourseError):
    pass


class UnknownName(CourseError):
    """An exercise, quiz or session name that the course does not have."""


class CatalogError(CourseError):
    """Course data (catalog, quiz, fixture file) that is malformed; names the file and the key."""

    def __init__(self, path, key, problem):
        self.path, self.key, self.problem = str(path), key, problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


class SubmissionError(CourseError):
    """A submission path that is missing or unreadable (not a submission that fails: that is graded)."""
