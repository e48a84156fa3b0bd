"""The public JSON API of the directory (GET /api/clinics/ and GET /api/clinics/<slug>/)."""
