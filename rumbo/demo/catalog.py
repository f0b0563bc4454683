"""What the demo cooperative follows: its objectives and 25 KPIs and metrics across the eight areas."""



def yearly(*values):
    """Targets for the calendar years ending with the current one, oldest first."""
    return ("year", values)


def per_harvest(*values):
    """Targets for the harvests ending with the current one, oldest first."""
    return ("harvest", values)


OBJECTIVES = [
    ("acopio", "Aumentar el acopio y la calidad del café", "Que los socios entreguen más café a la cooperativa, y de mejor taza.", "produccion"),
    ("ventas", "Crecer en ventas directas de café tostado", "Vender más café tostado a familias, cafeterías y tiendas, sin intermediarios.", "ventas"),
    ("finanzas", "Fortalecer las finanzas y la base de socios", "Menos deuda, más ingresos y socios que se quedan.", "finanzas"),
]

Q = {"nature": "qualitative"}
KPIS = [
    # Producción
    dict(name="Producción total de café", series="acopio", unit="qq", decimals=0, area="produccion", objective="acopio", frequency="month",
         aggregation="sum", indicator="lagging", description="Quintales de café pergamino seco entregados por los socios.",
         targets=per_harvest(12000, 12500, 12800, 13000)),
    dict(name="Tasa de supervivencia de los árboles", series="supervivencia", unit="%", decimals=1, area="produccion", objective="acopio",
         frequency="quarter", aggregation="last", indicator="leading", description="Plantas vivas a los 12 meses ÷ plantas sembradas.",
         targets=yearly(88, 89, 90)),
    dict(name="Calidad del café", series="catacion", unit="puntos", decimals=2, area="produccion", objective="acopio", frequency="month",
         aggregation="mean", indicator="lagging", scale_kind="range", scale_min=0, scale_max=100, market_stage="expansion",
         description="Puntaje de catación SCA promedio de los lotes del mes (80 o más es café de especialidad).", targets=yearly(83, 83.5, 84), **Q),
    dict(name="Eficiencia del proceso", series="eficiencia", unit="nivel", decimals=1, area="produccion", objective="acopio", frequency="month",
         aggregation="mean", indicator="leading", scale_kind="likert", scale_min=1, scale_max=5,
         description="Evaluación del beneficio húmedo en escala de 1 (muy deficiente) a 5 (excelente).", targets=yearly(3.5, 3.8, 4), **Q),
    dict(name="Seguridad en el trabajo", series="seguridad", unit="nivel", decimals=1, area="produccion", frequency="month", kind="metric",
         aggregation="mean", indicator="leading", scale_kind="likert", scale_min=1, scale_max=5,
         description="Inspección mensual de seguridad en beneficio y bodega, de 1 a 5.", **Q),
    # Gerencia
    dict(name="Tasa de retención de socios", series="retencion", unit="%", decimals=1, area="gerencia", objective="finanzas", frequency="harvest",
         aggregation="last", indicator="lagging", description="(Socios activos al cierre − socios nuevos) ÷ socios activos al inicio.",
         targets=per_harvest(95, 95, 95, 95)),
    dict(name="Fiabilidad del equipo", series="fiabilidad", unit="nivel", decimals=1, area="gerencia", objective="finanzas", frequency="quarter",
         aggregation="mean", indicator="leading", scale_kind="rubric", scale_min=1, scale_max=5,
         scale_levels=[{"value": 1, "label": "Más del 20 % de tareas tarde"}, {"value": 3, "label": "Entre 5 y 20 % tarde, con aviso"},
                       {"value": 5, "label": "Menos del 5 % tarde, con aviso anticipado"}],
         description="Rúbrica trimestral: cumplimiento de tareas y compromisos del equipo.", targets=yearly(3.5, 3.8, 4), **Q),
    dict(name="Participación en asambleas", series="asambleas", unit="%", decimals=0, area="gerencia", frequency="year", kind="metric",
         aggregation="last", indicator="leading", description="Socios presentes o representados ÷ socios con derecho a voto."),
    # Finanzas
    dict(name="Ingresos totales", series="ingresos", unit="USD", decimals=0, area="finanzas", objective="finanzas", frequency="month",
         aggregation="sum", indicator="lagging", targets=yearly(3_000_000, 3_200_000, 3_500_000),
         description="Ventas de café verde y tostado, servicios y otros ingresos del mes."),
    dict(name="Nivel de endeudamiento", series="endeudamiento", unit="%", decimals=1, area="finanzas", objective="finanzas", frequency="month",
         aggregation="last", indicator="lagging", direction="down", targets=yearly(45, 45, 45),
         description="Pasivo total ÷ activo total. Incluye las aportaciones de socios reembolsables."),
    dict(name="Razón corriente", series="razon_corriente", unit="×", decimals=2, area="finanzas", objective="finanzas", frequency="month",
         aggregation="last", indicator="lagging", direction="band", targets=yearly((1.2, 2.0), (1.2, 2.0), (1.2, 2.0)),
         description="Activo corriente ÷ pasivo corriente; ni muy bajo (riesgo) ni muy alto (dinero ocioso)."),
    # Legal
    dict(name="Obligaciones legales cumplidas a tiempo", series="legal", unit="%", decimals=0, area="legal", objective="finanzas",
         frequency="quarter", aggregation="last", indicator="lagging", targets=yearly(90, 95, 95),
         description="Informes, declaraciones y registros entregados en plazo ÷ los que vencían."),
    # Ventas
    dict(name="Llamadas a clientes por día", series="llamadas", unit="llamadas", decimals=1, area="ventas", objective="ventas", frequency="month",
         aggregation="mean", indicator="leading", buyer_stage="consideracion", targets=yearly(15, 18, 20),
         description="Promedio de llamadas a clientes por día hábil en el mes."),
    dict(name="Ventas cerradas por mes", series="ventas", unit="ventas", decimals=0, area="ventas", objective="ventas", frequency="month",
         aggregation="sum", indicator="lagging", buyer_stage="decision", targets=yearly(380, 440, 520),
         description="Pedidos de café tostado confirmados y pagados."),
    dict(name="Valor medio del pedido", series="ingresos", unit="USD", decimals=2, area="ventas", objective="ventas", frequency="month",
         aggregation="ratio", ratio_of=("ingresos", "pedidos"), indicator="lagging", buyer_stage="decision", market_stage="expansion",
         kind="metric", description="Ingresos ÷ número de pedidos (AOS)."),
    dict(name="Clientes nuevos adquiridos", series="clientes_nuevos", unit="clientes", decimals=0, area="ventas", objective="ventas",
         frequency="month", aggregation="sum", indicator="lagging", buyer_stage="decision", market_stage="expansion",
         targets=yearly(100, 120, 150), description="Clientes que compran por primera vez."),
    dict(name="Tasa de abandono de clientes", series="churn", unit="%", decimals=1, area="ventas", objective="ventas", frequency="month",
         aggregation="mean", indicator="lagging", direction="down", market_stage="pmf", targets=yearly(6, 5.5, 5),
         description="Clientes activos al inicio del mes que dejaron de comprar ÷ clientes al inicio."),
    # Marketing
    dict(name="Mensajes enviados a clientes diariamente", series="mensajes", unit="mensajes", decimals=1, area="marketing", objective="ventas",
         frequency="month", aggregation="mean", indicator="leading", buyer_stage="descubrimiento", targets=yearly(30, 35, 40),
         description="Promedio diario de mensajes de WhatsApp enviados a clientes y prospectos."),
    dict(name="Conversaciones con clientes por campaña publicitaria", series="conversaciones", unit="conversaciones", decimals=0,
         area="marketing", objective="ventas", initiative="campaign", frequency="month", aggregation="sum", indicator="leading",
         buyer_stage="consideracion", targets=yearly(900, 1100, 1300), description="Conversaciones de ida y vuelta iniciadas por la campaña."),
    dict(name="Campañas publicitarias realizadas en el periodo", series="campanas", unit="campañas", decimals=0, area="marketing",
         frequency="month", aggregation="sum", indicator="lagging", kind="metric", description="Campañas lanzadas en el mes."),
    dict(name="Alcance en redes sociales", series="alcance", unit="personas", decimals=0, area="marketing", frequency="month",
         aggregation="sum", indicator="leading", buyer_stage="descubrimiento", market_stage="pre_pmf", kind="metric",
         description="Personas distintas que vieron las publicaciones de la cooperativa."),
    dict(name="Costo por adquisición", series="cpa", unit="USD", decimals=2, area="marketing", objective="ventas", frequency="month",
         aggregation="mean", indicator="lagging", direction="down", buyer_stage="decision", market_stage="expansion",
         targets=yearly(14, 12, 10), description="Gasto de la campaña ÷ clientes conseguidos (CPA)."),
    # Transporte
    dict(name="Entregas a tiempo y completas", series="otif", unit="%", decimals=1, area="transporte", objective="ventas", frequency="month",
         aggregation="mean", indicator="lagging", targets=yearly(90, 93, 95), description="Pedidos entregados el día acordado y completos (OTIF)."),
    dict(name="Costo de transporte por quintal", series="flete", unit="USD/qq", decimals=2, area="transporte", objective="finanzas",
         frequency="month", aggregation="mean", indicator="lagging", direction="down", targets=yearly(3.2, 3.1, 3.0),
         description="Fletes, combustible y peajes ÷ quintales transportados."),
    # Almacenamiento
    dict(name="Mermas en almacenamiento", series="mermas", unit="%", decimals=2, area="almacenamiento", objective="acopio", frequency="month",
         aggregation="mean", indicator="lagging", direction="down", targets=yearly(1.5, 1.3, 1.2),
         description="(Inventario en libros − conteo físico) ÷ inventario en libros, a humedad de referencia."),
    dict(name="Rotación de inventario", series="rotacion", unit="veces", decimals=1, area="almacenamiento", frequency="quarter",
         aggregation="last", indicator="lagging", kind="metric", description="Costo de ventas ÷ inventario promedio."),
]
