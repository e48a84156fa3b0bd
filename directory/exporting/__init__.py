"""Listings out of the directory: CSV (the import's own columns), GeoJSON and Open Referral HSDS 3.0 JSON."""

from .csv import clinics_csv_rows, write_clinics_csv
from .geojson import clinics_geojson
from .hsds import HSDS_TABLES, hsds_json_chunks

__all__ = ["HSDS_TABLES", "clinics_csv_rows", "clinics_geojson", "hsds_json_chunks", "write_clinics_csv"]
