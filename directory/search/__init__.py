"""Clinic search, one package: parameters in, one page of clinics out, for the pages and the JSON API.

A request's path (see each module):

    view (directory.views.search / directory.api.views)
      -> answers.remembered_answer        a repeated request (same parameters, host, language and
                                          minute) is answered whole from the cache; else:
      -> results.search_clinics           the selector
         -> filters.ClinicFilter          cleans every parameter (place.PlaceField/RadiusField,
                                          fields.*, keyword.keyword_matches -> fulltext) and
                                          builds the query (lookups on the clinic's bit masks,
                                          directory.lookup_masks, which the near index holds)
         -> counts.remembered_count       cached by keys.query_key (FilterSet data + generation) of
            matches.Matches.count         a count that stops at counts.COUNT_LIMIT + 1 (but the whole
                                          directory's and a city's); a keyword alone is counted by the
                                          index (fulltext.count), filters with near with the page
                                          (nearest.keys_with_total)
         -> matches.Matches.page_keys     also cached:
            nearest.nearest_keys          distance order: keys from 1-, 4- and 16-mile circles first,
                                          the keyword in each circle's cells (ClinicFilter.within)
            fulltext.best_match_keys      best-match order (a keyword without a place)
            (or the FilterSet's order)    name/soonest order: keys from the index (from its far end
                                          past the middle of the list)
      -> SearchResults.rows               only when the answer is not cached: results.page_rows,
                                          cards.page_lookups/page_hours, availability.page_openings
      -> api.payloads.page_summaries      the JSON results
         views.search.searched_parts      the page's results section and form (the form cached per
                                          set of values shown; each clinic's card per minute,
                                          distance and language: views.cards)
      -> the page renders the FilterSet's own form (form.ClinicSearchForm: which fields stand in the
         row, which in "More filters"), one template per field: includes/_search_field.html
"""
