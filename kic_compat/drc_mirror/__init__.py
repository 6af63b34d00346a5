"""kic-001: every verzoek–informatieobject relation mirrored to the Documenten API (spec §6).

models.py   the mirror's own outbox (one job per change of a relation) and its attempts
signals.py  records the jobs in the write's transaction, from every path (services emit; the
            post_save/post_delete receivers are the safety net)
drc.py      the HTTP calls to the DRC, each reduced to an outcome
services.py claiming due jobs, the delivery algorithm of §6.3, retries, reconcile
"""
