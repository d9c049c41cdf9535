import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('voice', '0003_backfill_frozen_questions_and_open_screens'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='answer',
            options={'ordering': ['call', 'asked__position']},
        ),
        migrations.AddConstraint(
            model_name='phonescreen',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'calling'])), fields=('application',), name='phonescreen_one_open_per_application'),
        ),
        migrations.AlterField(
            model_name='answer',
            name='asked',
            field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='answers', to='voice.phonescreenquestion'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.UniqueConstraint(fields=('call', 'asked'), name='answer_one_per_asked'),
        ),
    ]
