"""A kept value import of cooperative A for the shared cast: the editor's preview of one value."""


def add_imports(cast) -> None:
    from rumbo.imports.services.values import value_import_create

    cast.value_import = value_import_create(
        coop=cast.coop,
        user=cast.editor,
        filename="valores.csv",
        data=b"Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;38\n",
    )
