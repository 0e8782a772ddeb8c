{#- Layers get plain schema names (staging, intermediate, marts), not target_schema + "_" + name:
    BI tools then query marts.mart_metric_yoy whatever the target is called. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
