from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("interviews", "0005_schedulinglink_attach_interviews"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='schedulinglink',
            constraint=models.CheckConstraint(condition=models.Q(('purpose', 'book'), ('interview__isnull', False), ('revoked_at__isnull', False), _connector='OR'), name='schedulinglink_points_at_its_interview'),
        ),
    ]
