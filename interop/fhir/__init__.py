"""FHIR R4 (R4B models of fhir.resources) for referring EHRs: every resource built or read is validated."""
