"""Measurement-based care in the product: schedules, single-use links, scores, charts, FHIR."""
