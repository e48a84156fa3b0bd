from django.urls import path

from interop.fhir import bulk_views
from interop.fhir import views as fhir
from interop.hsds_api import views as hsds

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
    path("fhir/$bulk-publish", bulk_views.manifest, name="fhir_bulk_publish"),
    path("fhir/bulk/<str:state>/<str:kind>.ndjson", bulk_views.ndjson_file, name="fhir_bulk_file"),
    path("api/hsds/", hsds.root, name="hsds_root"),
    path("api/hsds/services", hsds.services, name="hsds_services"),
    path("api/hsds/services/<str:id>", hsds.service, name="hsds_service"),
    path("api/hsds/service_at_locations", hsds.service_at_locations, name="hsds_service_at_locations"),
    path("api/hsds/service_at_locations/<str:id>", hsds.service_at_location, name="hsds_service_at_location"),
    path("api/hsds/organizations", hsds.organizations, name="hsds_organizations"),
    path("api/hsds/organizations/<str:id>", hsds.organization, name="hsds_organization"),
    path("api/hsds/locations", hsds.locations, name="hsds_locations"),
    path("api/hsds/locations/<str:id>", hsds.location, name="hsds_location"),
    path("api/hsds/taxonomies", hsds.taxonomies, name="hsds_taxonomies"),
    path("api/hsds/taxonomies/<str:id>", hsds.taxonomy, name="hsds_taxonomy"),
    path("api/hsds/taxonomy_terms", hsds.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("api/hsds/taxonomy_terms/<str:id>", hsds.taxonomy_term, name="hsds_taxonomy_term"),
]
