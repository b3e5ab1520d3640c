from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="planitem",
            name="qualitative_label",
            field=models.CharField(
                blank=True,
                help_text="For qualitative rows: 実施, 連携 …",
                max_length=10,
                verbose_name="word shown when carried out",
            ),
        ),
        migrations.AddField(
            model_name="sectionyear",
            name="published_percent",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                max_digits=7,
                null=True,
                verbose_name="published rate (%)",
            ),
        ),
        migrations.AddField(
            model_name="sectionyear",
            name="published_grade",
            field=models.CharField(blank=True, max_length=2, verbose_name="published grade"),
        ),
    ]
