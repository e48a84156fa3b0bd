"""The pre-screen: questions, rules as data, and the pure function that evaluates them."""

from .engine import Finding, ScreeningResult, crisis_findings, crisis_result, evaluate_prescreen
from .questions import CONDITIONS, QUESTIONS, QUESTIONS_BY_ID, SECTIONS, TREATMENTS, Question
from .resources import CRISIS_RESOURCES, SUBSTANCE_HELPLINES
from .rules import CRISIS, NOT_SUITABLE, REVIEW, SUITABLE
from .ruleset import RULES, RULES_BY_ID, RULESET_1_VERSION, RULESET_VERSION
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
    "RULES_BY_ID",
    "RULESET_1_VERSION",
    "RULESET_VERSION",
    "SECTIONS",
    "SUBSTANCE_HELPLINES",
    "SUITABLE",
    "TREATMENTS",
    "Finding",
    "InvalidAnswers",
    "Question",
    "ScreeningResult",
    "crisis_findings",
    "crisis_result",
    "evaluate_prescreen",
    "validate_answers",
]
