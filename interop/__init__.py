"""The field's exchange standards over our own services: FHIR R4 (R4B) referrals, the HSDS 3.0 API,
and SMART Scheduling Links for published availability.

Adapters only: every rule stays where it lives (the pre-screen in referrals.screening, referral
creation and statuses in referrals.services, who sees what in referrals.access, the HSDS records in
directory.exporting.hsds, what availability is still current in directory.availability). This
package turns those into the standards' shapes and back.
"""
