"""The esketamine coverage packet: a full PHQ-9, the antidepressants tried, the diagnosis, printable for payers."""
