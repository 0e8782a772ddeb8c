"""Operating the pipeline: a production-shaped local Airflow deployment (see airflow_stack)."""
