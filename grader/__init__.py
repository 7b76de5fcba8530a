"""The course platform: grades numpy deep-learning exercises and runs session quizzes."""

__version__ = "0.1.0"
