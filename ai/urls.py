from django.urls import path

from ai import views

urlpatterns = [
    path("jobs/<int:job_id>/requirements/", views.requirements_save, name="requirements_save"),
    path(
        "jobs/<int:job_id>/requirements/approve/",
        views.requirements_approve,
        name="requirements_approve",
    ),
    path(
        "jobs/<int:job_id>/requirements/generate/",
        views.requirements_generate,
        name="requirements_generate",
    ),
    path(
        "jobs/<int:job_id>/questions/generate/", views.questions_generate, name="questions_generate"
    ),
    path("jobs/<int:job_id>/questions/approve/", views.questions_approve, name="questions_approve"),
    path("jobs/<int:job_id>/questions/edit/", views.question_edit, name="question_edit"),
    path(
        "applications/<int:application_id>/override/",
        views.application_override,
        name="application_override",
    ),
    path(
        "screenings/<int:screening_id>/feedback/",
        views.screening_feedback,
        name="screening_feedback",
    ),
]
