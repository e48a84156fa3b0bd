"""The Open Referral HSDS 3.0 API under /api/hsds/: the export's records, nested and paged as its OpenAPI says."""
