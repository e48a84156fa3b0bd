"""The sources the rules cite, written once. Citations for clinicians: they stay in English."""

KETALAR = "KETALAR (ketamine hydrochloride) injection, FDA prescribing information"
SPRAVATO = "SPRAVATO (esketamine) nasal spray, FDA prescribing information"
SPRAVATO_INDICATIONS = (
    f"{SPRAVATO}, indications: treatment-resistant depression in adults, and depressive symptoms in adults with "
    "major depressive disorder with acute suicidal ideation or behavior (not bipolar depression, anxiety, PTSD, "
    "OCD or pain)"
)
COHEN = "Cohen SP et al., consensus guidelines on intravenous ketamine for chronic pain, Reg Anesth Pain Med 2018"
SANACORA = "Sanacora G et al., consensus statement on ketamine in mood disorders, JAMA Psychiatry 2017"
COLUMBIA = "Columbia Protocol screener triage logic (Posner K et al., Am J Psychiatry 2011)"
PHQ9 = "PHQ-9 item 9 (Kroenke K et al., J Gen Intern Med 2001)"
SIMON = "Simon GE et al., Psychiatr Serv 2013 (later risk rises with the PHQ-9 item-9 answer)"
CLINIC_TEXT = (
    "a ketamine clinic's patient-information text on who is a candidate; not in the FDA labels, "
    "so it is a review, never an exclusion"
)
