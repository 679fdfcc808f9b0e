# Employer disclosure joins the one consent store (it was employment.DisclosureConsent).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('employment', '0001_initial'),
        ('people', '0002_lifecycle'),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='employer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='employment.employer', verbose_name='employer'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='purpose',
            field=models.CharField(choices=[('services', 'Receiving services'), ('sharing', 'Sharing with a named organisation'), ('statistics', 'Anonymised statistics'), ('employer_disclosure', 'Telling a named employer about the programme')], max_length=24, verbose_name='purpose'),
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(fields=['employer', 'purpose'], name='consent_employer'),
        ),
        migrations.AddConstraint(
            model_name='consent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('purpose', 'employer_disclosure'), models.Q(('employer__isnull', False), ('given', False), _connector='OR')), models.Q(models.Q(('purpose', 'employer_disclosure'), _negated=True), ('employer__isnull', True)), _connector='OR'), name='consent_disclosure_names_employer'),
        ),
    ]
