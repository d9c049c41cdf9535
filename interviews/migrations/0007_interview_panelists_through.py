"""The interview panel becomes a through model (``Panelist``) without losing a row.

Django cannot add ``through=`` to an existing many-to-many field, so the state takes
over the table Django created for ``Interview.panel`` as the new model (same columns),
then the new columns are added with defaults, the unique pair becomes a named
constraint and the table gets the model's own name."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0006_schedulinglink_points_at_its_interview"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Panelist",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="panelists",
                                to="interviews.interview",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="panel_seats",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_interview_panel",
                        "unique_together": {("interview", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="interview",
                    name="panel",
                    field=models.ManyToManyField(
                        related_name="interviews",
                        through="interviews.Panelist",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="panelist",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, db_index=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="panelist",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="panelist",
            name="role",
            field=models.CharField(
                choices=[
                    ("hiring_manager", "Hiring manager"),
                    ("technical", "Technical interviewer"),
                    ("observer", "Observer"),
                ],
                default="technical",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="panelist",
            name="required",
            field=models.BooleanField(
                default=True, help_text="The interview cannot go ahead without them."
            ),
        ),
        migrations.AddField(
            model_name="panelist",
            name="rsvp",
            field=models.CharField(
                choices=[
                    ("needs_action", "Needs action"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                    ("tentative", "Tentative"),
                ],
                default="needs_action",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="panelist",
            name="invite_status",
            field=models.CharField(
                choices=[("not_sent", "Not sent"), ("sent", "Sent"), ("failed", "Failed")],
                default="not_sent",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="panelist",
            name="invite_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterModelOptions(
            name="panelist",
            options={"ordering": ["interview", "role", "id"]},
        ),
        migrations.AlterUniqueTogether(name="panelist", unique_together=set()),
        migrations.AddConstraint(
            model_name="panelist",
            constraint=models.UniqueConstraint(
                fields=("interview", "user"), name="panelist_once_per_interview"
            ),
        ),
        migrations.AlterModelTable(name="panelist", table=None),
    ]
