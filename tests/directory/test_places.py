"""What people type into `near`, resolved offline (directory/places.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import geo
from directory.gazetteer import gazetteer
from directory.place_candidates import place_candidates
from directory.places import US_BOXES, in_us, place_suggestions

LOS_ANGELES = geo.Point(34.0522, -118.2437)


def miles_from(point: geo.Point, text: str) -> float:
    return geo.distance_miles(point, geo.resolve_place(text).point)


@pytest.mark.parametrize(
    "typed",
    [
        "Los Angeles, CA",
        "los angeles ca",
        "Los Angeles, California",
        "LOS ANGELES,CA",
        "  los   angeles , ca ",
        "LA",
        "L.A.",
    ],
)
def test_the_ways_people_write_los_angeles(typed):
    place = geo.resolve_place(typed)
    assert place.label == "Los Angeles, CA"
    assert place.kind == "city"
    assert geo.distance_miles(place.point, LOS_ANGELES) < 2


@pytest.mark.parametrize(
    "typed, label",
    [
        ("NYC", "New York, NY"),
        ("New York City", "New York, NY"),
        ("new york", "New York, NY"),
        ("New York, New York", "New York, NY"),
        ("Philly", "Philadelphia, PA"),
        ("Washington DC", "Washington, DC"),
        ("Saint Louis", "St. Louis, MO"),
        ("St. Louis, MO", "St. Louis, MO"),
        ("st louis mo", "St. Louis, MO"),
        ("Saint Paul, MN", "Saint Paul, MN"),
        ("St Paul MN", "Saint Paul, MN"),
        ("Ft. Worth, TX", "Fort Worth, TX"),
        ("Winston Salem NC", "Winston-Salem, NC"),
        ("Coeur d Alene, ID", "Coeur d'Alene, ID"),
        ("bayamon, pr", "Bayamón, PR"),
        ("Port Washington NY", "Port Washington, NY"),
    ],
)
def test_nicknames_abbreviations_and_spellings(typed, label):
    assert geo.resolve_place(typed).label == label


@pytest.mark.parametrize(
    "typed, label", [("Atlanta", "Atlanta, GA"), ("Indianapolis", "Indianapolis, IN"), ("Portland", "Portland, OR")]
)
def test_a_city_without_its_state_when_one_is_far_larger(typed, label):
    assert geo.resolve_place(typed).label == label


@pytest.mark.parametrize("typed", ["Springfield", "Kansas City", "Columbus"])
def test_a_city_without_its_state_asks_which_when_several_are_alike(typed):
    with pytest.raises(geo.UnknownPlace) as raised:
        geo.resolve_place(typed)
    assert "add the state" in str(raised.value)
    assert len(raised.value.suggestions) >= 2
    assert all(label.startswith(f"{typed}, ") for label in raised.value.suggestions)
    assert "Did you mean one of these:" in str(raised.value)


@pytest.mark.parametrize(
    "typed, label, real",
    [
        ("Hollywood, CA", "Hollywood, CA", geo.Point(34.0928, -118.3287)),
        ("Harlem, NY", "Harlem, NY", geo.Point(40.8116, -73.9465)),
        ("Brooklyn", "Brooklyn, NY", geo.Point(40.6782, -73.9442)),
        ("Watts, CA", "Watts, CA", geo.Point(33.9406, -118.2417)),  # a neighbourhood named by its ZIP
    ],
)
def test_neighbourhoods(typed, label, real):
    place = geo.resolve_place(typed)
    assert place.label == label
    assert geo.distance_miles(place.point, real) < 3


@pytest.mark.parametrize("typed", ["90012", "90012-3301", "900123301", "90012 3301"])
def test_zip_and_zip_plus_4(typed):
    place = geo.resolve_place(typed)
    assert place.kind == "zip"
    assert place.label == "90012 (Los Angeles, CA)"
    assert geo.distance_miles(place.point, LOS_ANGELES) < 3


@pytest.mark.parametrize("typed", ["34.0522,-118.2437", "34.0522, -118.2437", "34.0522 -118.2437", "+34.05,-118.24"])
def test_latitude_longitude(typed):
    place = geo.resolve_place(typed)
    assert place.kind == "point"
    assert geo.distance_miles(place.point, LOS_ANGELES) < 1


@pytest.mark.parametrize("typed", ["0,0", "51.5,-0.12", "-33.9,151.2"])
def test_coordinates_outside_the_us_are_refused(typed):
    with pytest.raises(geo.UnknownPlace, match="outside the United States"):
        geo.resolve_place(typed)


@pytest.mark.parametrize("zip_code", ["90085", "46245", "50983", "35270", "95214", "09001"])
def test_a_zip_without_a_usable_location_says_so(zip_code):
    with pytest.raises(geo.UnknownPlace) as raised:
        geo.resolve_place(zip_code)
    assert str(raised.value).startswith(f"We have no location for ZIP {zip_code}; try a nearby ZIP or your city.")
    assert geo.lookup_zip(zip_code) is None


def test_the_no_location_message_suggests_the_zips_city():
    with pytest.raises(geo.UnknownPlace) as raised:
        geo.resolve_place("90085")
    assert raised.value.suggestions == ["Los Angeles, CA"]
    assert "Did you mean Los Angeles, CA?" in str(raised.value)


@pytest.mark.parametrize(
    "typed, expected",
    [("Los Angles, CA", "Los Angeles, CA"), ("Indianapolos", "Indianapolis, IN"), ("Pittsburg, PA", "Pittsburgh, PA")],
)
def test_a_near_miss_suggests_the_place(typed, expected):
    with pytest.raises(geo.UnknownPlace) as raised:
        geo.resolve_place(typed)
    assert raised.value.suggestions[0] == expected
    assert expected in str(raised.value)
    assert place_suggestions(typed)[0] == expected


def test_the_right_name_in_the_wrong_state_is_suggested():
    assert "Los Angeles, CA" in place_suggestions("Los Angeles, NV")


def test_suggestions_only_for_text_that_names_nothing():
    assert place_suggestions("Los Angeles, CA") == []
    assert place_suggestions(None) == []
    assert place_suggestions(30303) == []


def test_no_place_or_zip_is_at_zero_zero_or_outside_the_us():
    g = gazetteer()
    points = [p.point for p in g.places] + [r.point for r in g.zips.values()]
    assert len(points) > 60_000
    assert not [p for p in points if p.latitude == 0 and p.longitude == 0]
    assert not [p for p in points if not in_us(p)]
    assert len(US_BOXES) >= 7


def test_every_known_zip_is_either_placed_or_explained():
    g = gazetteer()
    assert not set(g.zips) & set(g.unplaced)
    assert {"90085", "46245", "50983"} <= set(g.unplaced)
    for record in g.zips.values():
        assert geo.resolve_place(record.zip_code).point == record.point


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_text_resolves_or_is_refused_with_a_message(text):
    try:
        place = geo.resolve_place(text)
    except geo.UnknownPlace as error:
        assert str(error)
    else:
        assert in_us(place.point)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=1, max_value=20))
def test_any_text_gives_at_most_limit_candidates_in_the_us(text, limit):
    found = place_candidates(text, limit)
    assert len(found) <= limit
    assert all(in_us(candidate.point) for candidate in found)


@pytest.mark.parametrize("typed", ["Los Angeles, CA 90012", "100 N Main St, Los Angeles, CA 90012-3301"])
def test_a_zip_at_the_end_of_an_address_places_it(typed):
    place = geo.resolve_place(typed)
    assert place.label == "90012 (Los Angeles, CA)"


def test_an_address_ending_in_an_unplaced_zip_falls_back_to_its_words():
    with pytest.raises(geo.UnknownPlace):
        geo.resolve_place("Nowhere Town 90085")
    assert geo.resolve_place("Los Angeles 90085").label == "Los Angeles, CA"
