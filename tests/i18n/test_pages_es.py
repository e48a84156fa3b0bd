"""Public directory pages in Spanish: by Accept-Language or by the header's language switcher."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_english_is_the_default(client):
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()
    page = text(response)
    assert "Find a ketamine therapy clinic near you" in page
    assert "IV infusion" in page and "Treatment-resistant depression" in page
    assert "Encuentre" not in page


def test_home_page_in_spanish_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5")
    assert '<html lang="es">' in response.content.decode()
    page = text(response)
    assert "Encuentre una clínica de terapia con ketamina cerca de usted" in page
    assert "Buscar clínicas" in page and "Haga la evaluación previa breve" in page
    # Lookup names from the database, shown in Spanish; their slugs stay in the form values.
    assert "Infusión intravenosa" in page and "Psicoterapia asistida con ketamina" in page
    assert "Depresión resistente al tratamiento" in page and "TEPT" in page
    assert 'value="iv-infusion"' in response.content.decode()
    # The crisis banner offers the 988 line in Spanish.
    assert "Llame al 988 y marque 2 para español" in page and "988lineadevida.org" in page


def test_language_switcher_is_a_plain_labelled_post_form(client):
    html = client.get("/clinics/?near=30303").content.decode()
    form = re.search(r'<form class="language-switcher"(.*?)</form>', html, re.S).group(0)
    assert 'method="post"' in form and 'action="/i18n/setlang/"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<label for="language-select">' in form and '<select id="language-select" name="language">' in form
    assert '<input type="hidden" name="next" value="/clinics/?near=30303">' in form
    assert re.search(r'<option value="es" lang="es"[^>]*>Español</option>', form)
    assert '<button type="submit"' in form
    assert "onchange" not in form and "style=" not in form  # the CSP allows neither


def test_switching_to_spanish_keeps_the_page_and_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/clinics/?near=30303&telehealth=true"})
    assert response.status_code == 302
    assert response["Location"] == "/clinics/?near=30303&telehealth=true"
    # The choice wins over the browser's own language from then on.
    page = text(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Encuentre una clínica de terapia con ketamina" in page
    assert re.search(r'<option value="es" lang="es" selected>', client.get("/").content.decode())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Find a ketamine therapy clinic near you" in text(client.get("/"))


def test_switching_refuses_an_outside_next_url(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "https://evil.example.org/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_search_page_in_spanish(es_client, clinic):
    page = text(es_client.get("/clinics/?near=30303"))
    assert "Clínicas de ketamina cerca de 30303 (Atlanta, GA)" in page
    assert "1 clínica a menos de 25 millas de 30303 (Atlanta, GA)" in page
    assert "Filtros de búsqueda" in page and "Más filtros" in page and "Borrar filtros" in page
    assert "Acepta pacientes nuevos" in page and "Telesalud" in page
    assert "Idiomas inglés, español" in page  # the clinic card's languages
    assert "español (Español)" not in page  # no native name beside the same word


def test_search_errors_in_spanish(es_client):
    response = es_client.get("/clinics/?near=00000&radius=9000")
    assert response.status_code == 400
    page = text(response)
    assert "No pudimos hacer esa búsqueda" in page
    assert "No encontramos el código postal 00000." in page
    assert "La distancia puede ser de 500 millas como máximo." in page


def test_clinic_page_in_spanish(es_client, clinic):
    page = text(es_client.get("/clinics/peachtree-imaginary/"))
    assert "Atención que ofrece" in page and "Horario" in page
    assert "Infusión intravenosa" in page and "Esketamina en aerosol nasal (SPRAVATO)" in page
    assert "Pago por cuenta propia, Medicaid" in page
    assert "Lunes" in page and "Domingo" in page and "hora del Este" in page
    assert "Reportar un problema con esta información" in page
    assert "Vea si la ketamina podría ser para usted" in page


def test_city_page_and_404_in_spanish(client, clinic):
    page = text(client.get("/cities/atlanta-ga/", HTTP_ACCEPT_LANGUAGE="es"))
    assert "Clínicas de ketamina en Atlanta, GA" in page
    response = client.get("/clinics/no-such-clinic/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404 and "No encontramos esa página" in text(response)


def test_report_a_problem_thanks_in_spanish(es_client, clinic):
    response = es_client.post("/clinics/peachtree-imaginary/report/", {"kind": "closed"}, follow=True)
    assert "Gracias. Nuestro personal revisará esta información." in text(response)
