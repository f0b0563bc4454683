"""A dataset of cooperative A for the shared cast: «ventas», not loaded yet (tests that need records load them)."""


def add_dataset(cast) -> None:
    from rumbo.datasets.models import Dataset

    cast.dataset = Dataset.objects.create(cooperative=cast.coop, name="ventas", key="ventas", created_by=cast.editor)
