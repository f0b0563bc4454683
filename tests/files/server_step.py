"""One app server's part in the two-server test, run in its own process with its own data folder.

python -m tests.files.server_step upload      the first server: a cooperative, an editor, a dataset uploaded
python -m tests.files.server_step recompute   the second: defines a metric (computed here) and reads the pages
"""

import json
import os
import sys


def main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.files.shared_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from rumbo.accounts.models import Membership, Role, User
    from rumbo.datasets.models import Dataset
    from rumbo.orgs.models import Cooperative

    setup_test_environment()
    client = Client()
    if step == "upload":
        coop = Cooperative.objects.create(slug="cafe", name="Café")
        user = User.objects.create_user(username="editora", password="x")
        Membership.objects.create(user=user, cooperative=coop, role=Role.EDITOR)
        client.force_login(user)
        data = b"Fecha;Monto\n05/01/2024;1.200,50\n17/01/2024;300\n02/02/2024;1.800\n"
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            reverse("datasets:upload", args=["cafe"]),
            {"name": "ventas", "mode": "replace", "file": SimpleUploadedFile("ventas.csv", data)},
        )
        json.dump({"status": response.status_code}, sys.stdout)
        return
    from rumbo.datasets.services.metrics import metric_define
    from rumbo.kpis.models import Measurement

    coop = Cooperative.objects.get(slug="cafe")
    user = User.objects.get(username="editora")
    client.force_login(user)
    metric_define(
        coop=coop, name="ingresos", dataset="ventas", measure="sum(Monto)", date="Fecha", grain="month", user=user
    )
    dataset = Dataset.objects.get(cooperative=coop, key="ventas")
    page = client.get(reverse("datasets:dataset_detail", args=["cafe", dataset.pk]))
    values = {
        m.period.isoformat(): str(m.value)
        for m in Measurement.objects.filter(kpi__cooperative=coop, kpi__name="ingresos").order_by("period")
    }
    json.dump(
        {"status": page.status_code, "values": values, "page_has_rows": "ventas.csv" in page.content.decode()},
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1])
