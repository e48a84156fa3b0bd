"""The JSON API answers in the language of Accept-Language; keys, ids, slugs and enum values never change."""

from __future__ import annotations

import json

import pytest

from tests.referrals.helpers import PATIENT, crisis_answers, suitable_answers

pytestmark = pytest.mark.django_db
ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_prescreen_400_names_the_question_in_spanish(client):
    answers = suitable_answers()
    del answers["condition"]
    answers["phq2_mood"] = 7
    response = post(client, "/api/prescreen/", {"answers": answers, "near": "00000"}, **ES)
    assert response.status_code == 400
    assert response["Content-Language"] == "es"
    assert response.json() == {
        "errors": {
            "condition": ["Por favor, responda esta pregunta."],
            "phq2_mood": ["Responda con un número entero del 0 al 3."],
            "near": ["No encontramos el código postal 00000."],
        }
    }


def test_the_same_400_in_english_by_default(client):
    answers = suitable_answers()
    del answers["condition"]
    response = post(client, "/api/prescreen/", {"answers": answers})
    assert response.json() == {"errors": {"condition": ["Please answer this question."]}}


def test_unreadable_body_and_unknown_choice_in_spanish(client):
    response = client.post("/api/prescreen/", data="{not json", content_type="application/json", **ES)
    assert response.json() == {"errors": {"__all__": ["El cuerpo de la solicitud no es JSON válido."]}}
    response = post(client, "/api/prescreen/", {"answers": suitable_answers(ketamine_allergy="maybe")}, **ES)
    assert response.json()["errors"]["ketamine_allergy"] == ['Elija una de estas opciones: "yes", "no", "not_sure".']


def test_reasons_and_flags_in_spanish_with_unchanged_ids(client):
    body = {"answers": suitable_answers(pregnancy="breastfeeding", ride_home=False)}
    result = post(client, "/api/prescreen/", body, **ES).json()
    assert result["outcome"] == "review"
    assert set(result["treatment_outcomes"].values()) == {"review"}
    assert result["reasons"][0]["rule"] == "R-PREGNANCY" and result["reasons"][0]["kind"] == "safety"
    assert result["reasons"][0]["message"].startswith("La ketamina y la esketamina pueden dañar a un bebé")
    assert [f["rule"] for f in result["flags"]] == ["F-TRD", "F-RIDE"]
    result["flags"] = result["flags"][1:]
    assert result["flags"][0]["message"].startswith("Necesitará que alguien lo(a) lleve a casa")


def test_crisis_resources_offer_988_in_spanish(client):
    result = post(client, "/api/prescreen/", {"answers": crisis_answers()}, **ES).json()
    assert result["outcome"] == "crisis"
    assert result["reasons"][0]["message"].startswith("Usted dijo que podría actuar")
    call, text, chat, emergency = result["crisis_resources"]
    assert call == {
        "name": "988 Línea de Prevención del Suicidio y Crisis (marque 2 para español)",
        "action": "call",
        "contact": "988",
        "url": "tel:988",
    }
    assert text["name"] == "988 Línea de Prevención del Suicidio y Crisis" and text["url"] == "sms:988"
    assert chat == {
        "name": "Chat en español de la Línea 988",
        "action": "chat",
        "contact": "988lineadevida.org",
        "url": "https://988lineadevida.org/",
    }
    assert emergency["name"] == "Servicios de emergencia" and emergency["url"] == "tel:911"


def test_crisis_resources_in_english_by_default(client):
    result = post(client, "/api/prescreen/", {"answers": crisis_answers()}).json()
    assert result["crisis_resources"][2]["url"] == "https://988lifeline.org/chat/"
    assert result["crisis_resources"][0]["name"] == "988 Suicide & Crisis Lifeline"


def test_referral_refusals_in_spanish(client, clinic):
    body = {"answers": suitable_answers(), "clinic": clinic.slug, "patient": dict(PATIENT), "consent": False}
    response = post(client, "/api/referrals/", body, **ES)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"consent": ["Necesitamos su consentimiento para enviar sus datos a la clínica."]}
    }
    body |= {"consent": True, "patient": dict(PATIENT, phone="555-01")}
    response = post(client, "/api/referrals/", body, **ES)
    assert response.status_code == 400
    assert response.json()["errors"]["patient.phone"] == [
        "Escriba un número de teléfono con su código de área, por ejemplo (404) 555-0100."
    ]


def test_directory_api_errors_in_spanish(client):
    response = client.get("/api/clinics/?near=Nowhere, ZZ&sort=height&page_size=0", **ES)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["sort"] == ["Ordene por relevancia, por distancia, por nombre o por cita más próxima."]
    assert errors["page_size"] == ["Muestre al menos 1 resultado por página."]
    assert client.get("/api/clinics/nowhere/", **ES).json() == {
        "errors": {"__all__": ["Ninguna clínica publicada tiene el identificador 'nowhere'."]}
    }
