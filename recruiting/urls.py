from django.urls import path

from recruiting import views

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.job_list, name="jobs"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/upload/", views.job_upload, name="job_upload"),
    path("jobs/<int:job_id>/import-csv/", views.job_import_csv, name="job_import_csv"),
    path("jobs/<int:job_id>/imports/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("jobs/<int:job_id>/bulk/", views.job_bulk_action, name="job_bulk_action"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/stage/",
        views.application_stage,
        name="application_stage",
    ),
    path(
        "applications/<int:application_id>/note/", views.application_note, name="application_note"
    ),
    path("resumes/<int:resume_id>/file/", views.resume_file, name="resume_file"),
    path("resumes/<int:resume_id>/add-anyway/", views.resume_add_anyway, name="resume_add_anyway"),
    path(
        "duplicates/<int:duplicate_id>/resolve/",
        views.duplicate_resolve,
        name="duplicate_resolve",
    ),
]
