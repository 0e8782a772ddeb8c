{#- Types and functions the two warehouses (DuckDB, PostgreSQL) spell alike or per adapter, so one set
    of models builds on both. -#}

{#- 64-bit float: dbt.type_float() is a 32-bit FLOAT on DuckDB. Both parse `double precision`. -#}
{% macro type_double() -%}double precision{%- endmacro %}

{#- The exact type of metric values (staging: scrapers.warehouse.schema.VALUE_TYPE) and of yuan. -#}
{% macro type_value() -%}numeric(24, 4){%- endmacro %}
{% macro type_yuan() -%}numeric(20, 2){%- endmacro %}

{#- January 1st of a report year: a DATE BI tools can use as time axis. make_date exists on both. -#}
{% macro year_start(year_column) -%}make_date(cast({{ year_column }} as integer), 1, 1){%- endmacro %}
