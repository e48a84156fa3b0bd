from django.urls import path

from interop.fhir import views as fhir

app_name = "interop"
urlpatterns = [
    path("fhir/", fhir.transaction, name="fhir_transaction"),
    path("fhir/metadata", fhir.metadata, name="fhir_metadata"),
    path("fhir/Bundle", fhir.transaction, name="fhir_bundle"),
    path("fhir/Questionnaire/prescreen", fhir.questionnaire, name="fhir_questionnaire"),
    path("fhir/Task", fhir.task_search, name="fhir_task_search"),
    path("fhir/Task/<str:pk>", fhir.task_read, name="fhir_task"),
    path("fhir/Task/<str:pk>/_history", fhir.task_history, name="fhir_task_history"),
    path("fhir/Task/<str:pk>/_history/<str:version>", fhir.task_version, name="fhir_task_version"),
    path("fhir/ServiceRequest/<str:pk>", fhir.service_request_read, name="fhir_service_request"),
    path("fhir/Organization/<str:pk>", fhir.organization_read, name="fhir_organization"),
    path("fhir/Location/<str:pk>", fhir.location_read, name="fhir_location"),
    path("fhir/HealthcareService/<str:pk>", fhir.healthcare_service_read, name="fhir_healthcare_service"),
]
