"""What dataset tests share: a metric over the «acopio» deliveries (quintales by date)."""


def acopio_metric(cast, name: str, *, area: str, user=None, **fields):
    """Define `name` over the «acopio» dataset by Fecha, summing its Quintales unless told; the admin defines it."""
    from rumbo.datasets.services.metrics import metric_define

    fields = {"measure": "sum(Quintales)", "date": "Fecha", **fields}
    return metric_define(coop=cast.coop, name=name, dataset="acopio", area=area, user=user or cast.admin, **fields)
