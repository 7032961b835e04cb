# The kind stops being a field with choices: it is an export kind's key, checked against
# the registry (advisor/exports/registry.py) by a validator, so a new kind needs no
# migration. Stored values ("pdf", "scaffold") are the registry's keys already: no data
# changes, and no SQL either (choices and validators live in Python only).

from django.db import migrations, models

import advisor.exports.registry


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_export_job_fence"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exportjob",
            name="kind",
            field=models.CharField(
                max_length=16, validators=[advisor.exports.registry.export_kind_validate]
            ),
        ),
    ]
