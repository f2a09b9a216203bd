"""Relationship episodes and the Core Conflictual Relationship Theme (CCRT, Luborsky).

- :func:`~talkingcure.analysis.ccrt.episodes.find_episodes`: episodes in one session;
- :func:`~talkingcure.analysis.ccrt.formulation.formulation`: the session's CCRT;
- :func:`~talkingcure.analysis.ccrt.treatment.patterns`: the CCRT across a treatment.

Every result is a candidate for the clinician to confirm or reject. Guide: ``docs/ccrt.md``.
"""
