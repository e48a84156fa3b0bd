"""The query mix of throughput_benchmark.py: ten shapes of search, each asked again and asked anew.

A shape has a few `repeated` queries (asked again and again: their answers may be cached) and
an endless supply of `fresh` ones, each never asked before, that differ from the repeated ones
in a way that defeats any cache without changing what the visitor asks for much: a radius of
25.0001, 25.0002, … miles instead of 25; a deep page or a page size not asked yet; another
city; another keyword (a city's name).
Where only the page or page size is new (the unfiltered list, a city once every city has been
asked), the page is computed afresh but the count of the same filters may be remembered.

Every query is a sequence of (parameter, value) pairs; `json_path` and `page_path` make it the
JSON request (`/api/clinics/?…`) or the page (`/clinics/?…`, or `/cities/<slug>/?…` with a city).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

Query = tuple[tuple[str, str], ...]

DENSE = ("10001", "90012", "30303")
SPARSE = ("59001", "99701", "82001")
CITY_STATE = ("Los Angeles, CA", "Atlanta, GA", "Chicago, IL")
KEYWORDS = ("infusion", "ketamine", "Houston")
KEYWORD_NEAR = (("infusion", "10001"), ("ketamine", "90012"), ("infusion", "30303"))
FOUR_FILTERS = (
    ("condition", "ptsd"),
    ("treatment", "iv-infusion"),
    ("payment", "private-insurance"),
    ("accepting_new_patients", "true"),
)
PAGE_SIZE = 20
# Page sizes close to the default first: 20, 19, 21, 18, 22, … 10, 30.
PAGE_SIZES = (PAGE_SIZE, *itertools.chain.from_iterable((PAGE_SIZE - d, PAGE_SIZE + d) for d in range(1, 11)))


def json_path(query: Query) -> str:
    return "/api/clinics/" + (f"?{urlencode(query)}" if query else "")


def page_path(query: Query) -> str:
    city = [value for name, value in query if name == "city"]
    rest = tuple((name, value) for name, value in query if name != "city")
    base = f"/cities/{city[0]}/" if city else "/clinics/"
    return base + (f"?{urlencode(rest)}" if rest else "")


@dataclass
class Shape:
    name: str
    repeated: tuple[Query, ...]
    make_fresh: Callable[[], Iterator[Query]]
    _fresh: Iterator[Query] | None = field(default=None, repr=False)
    _given_back: list[Query] = field(default_factory=list, repr=False)

    def take_fresh(self, count: int) -> list[Query]:
        """Up to `count` queries never handed out before (fewer when the shape has no more)."""
        if self._fresh is None:
            self._fresh = self.make_fresh()
        taken = self._given_back[:count]
        del self._given_back[:count]
        return taken + list(itertools.islice(self._fresh, count - len(taken)))

    def give_back(self, unused: list[Query]) -> None:
        """Queries taken but never sent, to be handed out again."""
        self._given_back[:0] = unused


def fresh_radii(origins: tuple[Query, ...], *, start: float, step: float) -> Callable[[], Iterator[Query]]:
    """Each origin in turn with a radius of its own: start + step, start + 2·step, …"""

    def queries() -> Iterator[Query]:
        for number in itertools.count(1):
            for origin in origins:
                yield (*origin, ("radius", f"{start + number * step:.4f}"))

    return queries


def deep_pages(published: int) -> tuple[Query, ...]:
    last = math.ceil(published / PAGE_SIZE)
    return tuple(
        (("sort", "name"), ("page", str(page))) for page in sorted({max(1, last * 3 // 5), max(1, last * 4 // 5), last})
    )


def fresh_deep_pages(published: int, repeated: tuple[Query, ...]) -> Callable[[], Iterator[Query]]:
    """Pages in the second half of the list by name, at the default page size first, then at others."""

    def queries() -> Iterator[Query]:
        for size in PAGE_SIZES:
            last = math.ceil(published / size)
            for page in range(last, last // 2, -1):
                query = (("sort", "name"), ("page", str(page)))
                if size != PAGE_SIZE:
                    query = (*query, ("page_size", str(size)))
                if query not in repeated:
                    yield query

    return queries


def fresh_shallow_pages(published: int, *, repeated_pages: int) -> Callable[[], Iterator[Query]]:
    """The unfiltered list's first pages at every page size, then the next pages.

    The first `repeated_pages` pages at the default size are the repeated queries: the same
    start and stop, so the same cached page, whether `page=1&page_size=20` is written or not.
    """

    def queries() -> Iterator[Query]:
        for page in range(1, published + 1):
            for size in PAGE_SIZES:
                if (page - 1) * size < published and not (size == PAGE_SIZE and page <= repeated_pages):
                    yield (("page", str(page)), ("page_size", str(size)))

    return queries


def fresh_cities(cities: list[tuple[str, int]], repeated: tuple[Query, ...]) -> Callable[[], Iterator[Query]]:
    """Every other city at the default page size, then each city at other page sizes and pages."""

    def queries() -> Iterator[Query]:
        for page in (1, 2, 3):
            for size in PAGE_SIZES:
                for slug, clinics in cities:
                    if (page - 1) * size >= clinics:
                        continue
                    query: Query = (("city", slug),)
                    query += (("page", str(page)),) if page > 1 else ()
                    query += (("page_size", str(size)),) if size != PAGE_SIZE else ()
                    if query not in repeated:
                        yield query

    return queries


def fresh_keywords(cities: list[tuple[str, int]]) -> Callable[[], Iterator[Query]]:
    """Each city's name as a keyword ("atlanta ga"), then each keyword and each name at another page size.

    Not the keywords in another letter case: the search cleans a keyword to its words, so
    "INFUSION" is the search "infusion" and its count and page are remembered.
    """

    def queries() -> Iterator[Query]:
        for slug, _clinics in cities:
            yield (("q", slug.replace("-", " ")),)
        for size in PAGE_SIZES[1:]:
            for word in KEYWORDS:
                yield (("q", word), ("page_size", str(size)))
        for size in PAGE_SIZES[1:]:
            for slug, _clinics in cities:
                yield (("q", slug.replace("-", " ")), ("page_size", str(size)))

    return queries


def near(places: tuple[str, ...]) -> tuple[Query, ...]:
    return tuple((("near", place),) for place in places)


def shapes(published: int, cities: list[tuple[str, int]]) -> list[Shape]:
    """The ten shapes, for a database of `published` clinics whose largest cities are `cities` (slug, clinics)."""
    keyword_near = tuple((("q", word), ("near", place)) for word, place in KEYWORD_NEAR)
    filtered = tuple((*FOUR_FILTERS, ("near", place)) for place in DENSE)
    wide = tuple((("near", place), ("radius", "500")) for place in DENSE)
    deep = deep_pages(published)
    unfiltered: tuple[Query, ...] = ((), (("page", "2"),), (("page", "3"),))
    city = tuple((("city", slug),) for slug, _ in cities[:3])
    return [
        Shape("near ZIP, dense", near(DENSE), fresh_radii(near(DENSE), start=25, step=0.0001)),
        Shape("near ZIP, sparse", near(SPARSE), fresh_radii(near(SPARSE), start=25, step=0.0001)),
        Shape("near City, ST", near(CITY_STATE), fresh_radii(near(CITY_STATE), start=25, step=0.0001)),
        Shape("city", city, fresh_cities(cities, city)),
        Shape("keyword", tuple((("q", word),) for word in KEYWORDS), fresh_keywords(cities)),
        Shape("keyword + near", keyword_near, fresh_radii(keyword_near, start=25, step=0.0001)),
        Shape("unfiltered", unfiltered, fresh_shallow_pages(published, repeated_pages=len(unfiltered))),
        Shape("deep page (sort=name)", deep, fresh_deep_pages(published, deep)),
        Shape("radius 500", wide, fresh_radii(tuple(q[:1] for q in wide), start=500, step=-0.0001)),
        Shape("four filters + near", filtered, fresh_radii(filtered, start=25, step=0.0001)),
    ]
