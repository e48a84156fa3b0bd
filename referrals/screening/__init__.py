"""The pre-screen: questions, rules as data, and the pure function that evaluates them."""

from .engine import Finding, ScreeningResult, crisis_findings, evaluate_prescreen
from .questions import CONDITIONS, QUESTIONS, QUESTIONS_BY_ID, SECTIONS, TREATMENTS, Question
from .rules import CRISIS, CRISIS_RESOURCES, NOT_SUITABLE, REVIEW, RULES, RULESET_VERSION, SUITABLE
from .validation import InvalidAnswers, validate_answers

__all__ = [
    "CONDITIONS",
    "CRISIS",
    "CRISIS_RESOURCES",
    "NOT_SUITABLE",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "REVIEW",
    "RULES",
    "RULESET_VERSION",
    "SECTIONS",
    "SUITABLE",
    "TREATMENTS",
    "Finding",
    "InvalidAnswers",
    "Question",
    "ScreeningResult",
    "crisis_findings",
    "evaluate_prescreen",
    "validate_answers",
]
