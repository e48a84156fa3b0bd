"""Clinic search, one package: parameters in, one page of clinics out, for the pages and the JSON API.

A request's path (see each module):

    view (directory.views.search / directory.api.views)
      -> results.search_clinics           the selector
         -> filters.ClinicFilter          cleans every parameter (place.PlaceField/RadiusField,
                                          fields.*, keyword.keyword_matches) and builds the query
         -> counts.remembered_count       cached by keys.query_key (FilterSet data + generation)
         -> nearest.nearest_keys          distance order: keys from smaller circles first
            (or the FilterSet's order)    name/soonest order: keys from the index
         -> results.page_rows             rows by key; cards.page_lookups/page_hours; openings
      -> the page renders the FilterSet's own form (form.ClinicSearchForm: which fields stand in the
         row, which in "More filters"), one template per field: includes/_search_field.html
"""
