"""`cc-rules evidence build` (`run.build`): facts computed from a centre's own data, each citing file, rows and
formula. Importing this package is cheap (no DuckDB): `COMPUTED_FACTS` is read by lint."""

from __future__ import annotations

# Every fact the builder can compute. Each pack the built evidence is meant for declares them all (a block at the end
# of its facts.yaml), so lint does not count them as unused when no rule reads them.
COMPUTED_FACTS = (
    "business.first_contact_resolution_pct", "channels.offered",
    "contacts.voice.abandoned", "contacts.voice.answered", "contacts.voice.offered", "contacts.voice.short_abandoned",
    "forecasting.validated_months", "forecasting.wape_pct",
    "knowledge.articles", "knowledge.median_review_age_days", "knowledge.review_cycle_days",
    "kpi.abandon_rate", "kpi.aht_seconds", "kpi.answer_rate", "kpi.asa_seconds",
    "ops.service_level_pct", "quality.samples_per_agent_month",
    "satisfaction.survey.dissatisfied", "satisfaction.survey.neutral", "satisfaction.survey.satisfied",
    "satisfaction.survey.very_dissatisfied", "satisfaction.survey.very_satisfied",
    "staffing.agents", "staffing.knowledge_admins", "staffing.quality_inspectors", "staffing.schedulers",
    "staffing.team_leaders", "staffing.trainers",
)
