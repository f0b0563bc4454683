"""The API's introduction in its OpenAPI document: keys, limits, pages, retries and the one error shape."""

from rumbo.api.limits import MAX_BODY_BYTES, MAX_PAGE, MAX_RECORDS_PER_CALL, MAX_VALUES_PER_CALL


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


DESCRIPTION = f"""Indicadores, OKR y datos de una cooperativa: leerlos, y con una clave que puede registrar, cambiarlos
con las mismas reglas que las pantallas de Rumbo.

**Autenticación**: `Authorization: Bearer <clave>`. Una clave sirve solo a su cooperativa: cualquier otra
responde 404. Una clave de solo lectura recibe 403 al intentar un cambio; una clave limitada a unas áreas cambia
solo lo de esas áreas, como un editor. Cada cambio queda en el historial (a nombre de quien creó la clave, con el
nombre de la clave) y en la actividad de la clave, que ven quienes administran la cooperativa.

**Páginas**: cada lista se pide por páginas con `limit` (hasta {MAX_PAGE}) y `offset`, y responde
`{{"count", "limit", "offset", "items"}}`; los filtros de cada lista se describen en ella.

**Límites por llamada**: hasta {_n(MAX_VALUES_PER_CALL)} valores, {_n(MAX_RECORDS_PER_CALL)} registros y un cuerpo de
hasta {MAX_BODY_BYTES // 1024 // 1024} MB (más: 413). Se rechazan enseguida, sin escribir nada.

**Reintentos**: un cambio puede llevar la cabecera `Idempotency-Key` (hasta 255 caracteres). La misma clave con el
mismo cuerpo en las 24 horas siguientes devuelve la primera respuesta (con `Idempotent-Replayed: true`) sin escribir
nada más; la misma clave con otro cuerpo responde 422.

**Errores**: siempre JSON, `application/problem+json`, en español (en inglés con `Accept-Language: en`, o cuando
la clave, o quien la creó, usa Rumbo en inglés), con esta forma:

```json
{{"title": "Datos no válidos", "status": 422, "detail": "Valor 2 (2025-03-15): …",
 "errors": [{{"loc": ["body", 1, "period"], "field": "period", "message": "Valor 2 (2025-03-15): …"}}]}}
```

`errors` nombra cada campo rechazado (`loc`: `body`, la posición o la fila y el campo); está vacía cuando no hay
un campo culpable. Estados: 400 el cuerpo no se puede leer; 401 falta la clave, no es válida o fue revocada; 403 la
clave no permite esto; 404 la dirección o lo buscado no existen (o son de otra cooperativa); 405 método no admitido;
413 cuerpo demasiado grande; 415 tipo de contenido no admitido;
422 datos no válidos; 500 error interno.

**Federaciones**: una federación es una organización con sus propias claves. Con una clave suya,
`…/c/{{federación}}/federation/…` lista sus miembros e invitaciones, invita a una cooperativa, emite claves de
miembro y lee las cifras publicadas de un indicador; con una clave de la cooperativa, `…/c/{{cooperativa}}/networks/…`
responde una invitación, comparte o deja de compartir un indicador, muestra exactamente lo que se envía y lee las
mismas cifras. Lo que en pantalla es solo de quien administra pide una clave que registra en todas las áreas; las
cifras las lee cualquier clave de la federación o de un miembro activo, nunca la cifra de una cooperativa.
`POST /api/v1/federation/push` es la única operación que no usa una clave de API: la llama el Rumbo de una
cooperativa miembro con la clave de miembro que le dio la federación (`rfm_…`), firmada con HMAC-SHA256 y con hora,
y responde las bandas publicadas de la red (`docs/federation.md`).

Guía con un ejemplo en Python: `docs/api.md`. Esta descripción, legible: `/api/v1/docs`.
"""
