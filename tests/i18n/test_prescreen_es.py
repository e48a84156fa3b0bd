"""The whole pre-screen in Spanish: every step, each outcome with its reasons, the crisis page, the referral form."""

from __future__ import annotations

import re

import pytest

from referrals.models import Referral
from tests.referrals.helpers import crisis_answers, suitable_answers
from tests.referrals.pages import current_step, form_data, hidden_state, search_near, send, walk

from .test_pages_es import text

pytestmark = pytest.mark.django_db

# What each step must show in Spanish: its section title and one of its questions.
STEP_WORDING = {
    "age": ("Su edad", "¿Tiene 18 años o más?"),
    "safety": ("Cómo se ha sentido", "¿qué tan seguido ha tenido poco interés o placer en hacer cosas?"),
    "safety_follow_up": ("Su seguridad", "¿Alguna vez ha hecho algo, o se ha preparado para hacer algo"),
    "care": ("Lo que usted busca", "¿Cuál es la razón principal por la que busca atención?"),
    "health": ("Su salud", "¿Alguna vez ha tenido una reacción alérgica a la ketamina o a la esketamina?"),
    "mind": ("Su salud mental y el consumo de sustancias", "¿Alguna vez un médico le ha dicho que tiene psicosis"),
    "everyday": ("Embarazo, medicamentos y regreso a casa", "¿Toma alguno de estos tipos de medicamentos?"),
}


def walk_recording(client, answers):
    """Like tests.referrals.pages.walk, but keeps every step's page."""
    pages = {}
    response = client.get("/prescreen/")
    while (step := current_step(response)) is not None:
        assert response.status_code == 200
        pages[step] = text(response)
        data = {"state": hidden_state(response), "step": step, "action": "next"} | form_data(step, answers)
        response = client.post("/prescreen/", data)
    return pages, response


def test_every_step_is_in_spanish(es_client):
    answers = suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False, suicide_behavior="never")
    pages, result = walk_recording(es_client, answers)
    assert list(pages) == list(STEP_WORDING)
    for step, (title, question) in STEP_WORDING.items():
        assert title in pages[step] and question in pages[step], step
    assert "Paso 1 de 7" in pages["age"] and "Paso 7 de 7" in pages["everyday"]
    assert "Ningún día" in pages["safety"] and "Casi todos los días" in pages["safety"]  # answer labels
    assert "Depresión que no ha mejorado con tratamiento" in pages["care"]
    assert "Siguiente" in pages["care"] and "Atrás" in pages["care"] and "Ver mi resultado" in pages["everyday"]
    # Reporting self-harm thoughts brings the Spanish 988 line into the follow-up step.
    assert "No está solo(a). Hay ayuda a cualquier hora" in pages["safety_follow_up"]
    assert "llame al 988 y marque 2" in pages["safety_follow_up"]
    assert result.status_code == 200 and "Qué significan sus respuestas" in text(result)


def test_a_missing_answer_is_reported_in_spanish(es_client):
    response = es_client.get("/prescreen/")
    response = es_client.post("/prescreen/", {"state": hidden_state(response), "step": "age", "action": "next"})
    assert response.status_code == 400
    page = text(response)
    assert "Por favor, revise esta respuesta" in page and "Por favor, responda esta pregunta." in page


def test_suitable_outcome_in_spanish(es_client):
    page = text(walk(es_client, suitable_answers()))
    assert "Nada en sus respuestas lo impide" in page
    assert "El tratamiento con ketamina podría ser una opción." in page
    assert "Tratamiento por tratamiento" in page and "Podría ser adecuado" in page
    assert "Infusión intravenosa" in page and "Psicoterapia asistida con ketamina" in page


def test_review_outcome_gives_its_reasons_in_spanish(es_client):
    answers = suitable_answers(pregnancy="pregnant", medications=["benzodiazepine"])
    page = text(walk(es_client, answers))
    assert "La ketamina podría ser una opción, pero primero un médico necesita revisar algunas cosas" in page
    assert "Por qué" in page and "Por qué preguntamos" in page
    assert "No se recomienda el aerosol nasal de esketamina durante el embarazo" in page
    assert "Es bueno saber" in page and "Las benzodiacepinas y los opioides se suman al sueño" in page
    assert "Un médico debe revisar primero" in page and "No es seguro con estas respuestas" in page


def test_not_approved_is_worded_by_its_kind_in_spanish(es_client):
    page = text(walk(es_client, suitable_answers(condition="ptsd")))
    assert "Algunos tratamientos con ketamina podrían ser una opción para usted" in page
    assert "No aprobado para esta afección" in page and "No es seguro con estas respuestas" not in page


def test_not_suitable_outcome_in_spanish(es_client):
    page = text(walk(es_client, suitable_answers(ketamine_allergy="yes")))
    assert "El tratamiento con ketamina no parece seguro para usted por ahora" in page
    assert "No es seguro con estas respuestas" in page


def test_under_18_stops_at_the_age_step_in_spanish(es_client):
    page = text(walk(es_client, suitable_answers(age_18_or_over=False)))
    assert "Este servicio es para adultos de 18 años o más." in page
    assert "No es seguro" not in page and "Tratamiento por tratamiento" not in page


def test_crisis_page_in_spanish_offers_988_in_spanish(es_client):
    response = walk(es_client, crisis_answers())
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"
    crisis = es_client.get(response["Location"])
    page = text(crisis)
    assert "Por favor, pida ayuda ahora mismo" in page and "No está solo(a)." in page
    assert "Llame al 988" in page and "Llame al 911" in page
    # The 988 Lifeline's Spanish options: press 2 on a call, and chat in Spanish at 988lineadevida.org.
    assert "Llame al 988 y marque 2 para hablar en español" in page
    assert "En español: llame al 988 y marque 2." in page
    assert 'href="https://988lineadevida.org/"' in crisis.content.decode()
    assert "No guardamos sus respuestas." in page


def test_crisis_page_in_english_also_names_the_spanish_line(client):
    page = text(client.get("/prescreen/crisis/"))
    assert "Spanish: call 988 and press 2." in page and "In Spanish: 988lineadevida.org" in page


def test_nearby_clinics_and_referral_form_in_spanish(es_client, clinic):
    result = walk(es_client, suitable_answers())
    page = text(result)
    assert "Clínicas adecuadas cerca de usted" in page
    assert "Su código postal (o ciudad y estado)" in page and "¿Hasta qué distancia puede viajar?" in page
    listing = search_near(es_client, result)
    page = text(listing)
    assert "1 clínica a menos de 25 millas de 30303 (Atlanta, GA)." in page
    assert "Enviar un referido a Peachtree Imaginary Ketamine" in page
    form = es_client.post("/prescreen/refer/", {"state": hidden_state(listing), "clinic": clinic.slug})
    page = text(form)
    assert "Enviar un referido a Peachtree Imaginary Ketamine" in page
    for label in ("Su nombre", "Su apellido", "Su correo electrónico", "Su número de teléfono"):
        assert label in page
    assert "¿Cómo debe comunicarse la clínica con usted?" in page and "Correo electrónico" in page
    assert "Acepto que mi nombre, mis datos de contacto" in page
    assert "Enviar el referido" in page


def test_referral_form_errors_and_confirmation_in_spanish(es_client, clinic):
    result = walk(es_client, suitable_answers(pregnancy="trying"))
    form = es_client.post(
        "/prescreen/refer/", {"state": hidden_state(search_near(es_client, result)), "clinic": clinic.slug}
    )
    refused = send(es_client, form, clinic, consent=None, email="", phone="")
    assert refused.status_code == 400
    page = text(refused)
    assert "Por favor, acepte; si no, no podemos enviarlo." in page
    assert "Dé un correo electrónico o un número de teléfono." in page
    sent = send(es_client, form, clinic)
    assert sent.status_code == 302
    page = text(es_client.get(sent["Location"]))
    assert "Su referido se envió a Peachtree Imaginary Ketamine" in page and "Guarde este enlace ahora" in page
    # The clinic's staff read the stored reasons in the site's language, whatever the sender's.
    referral = Referral.objects.get()
    assert referral.findings["reasons"][0]["message"].startswith("Ketamine and esketamine may harm an unborn baby")
    assert referral.findings["reasons"][0]["clinician_message"].startswith("Trying to conceive")


def test_tracking_page_in_spanish(es_client, clinic):
    result = walk(es_client, suitable_answers())
    form = es_client.post(
        "/prescreen/refer/", {"state": hidden_state(search_near(es_client, result)), "clinic": clinic.slug}
    )
    confirmation = es_client.get(send(es_client, form, clinic)["Location"])
    link = re.search(r'class="tracking-url">([^<]+)<', confirmation.content.decode()).group(1)
    page = text(es_client.get(link))
    assert "Referido a Peachtree Imaginary Ketamine" in page
    assert "Enviado. Su referido fue enviado. La clínica todavía no lo ha abierto." in page
    assert "Historial" in page
