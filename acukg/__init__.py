"""acukg, the application: the ``acukg`` command, the run pipeline, the report and the
notebook conveniences, on top of the graph (:mod:`kg`), the ingest (:mod:`ingest`) and the
query helpers (:mod:`queries`)."""
