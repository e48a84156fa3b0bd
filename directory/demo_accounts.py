"""Demo accounts of CONTRACT.md (demo data only; never created in production). Filled in by issue 3."""


def create_demo_accounts() -> None:
    pass
