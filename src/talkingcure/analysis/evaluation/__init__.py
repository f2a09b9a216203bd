"""Measure the analysis engine against people: public labelled sets, synthetic gold sets and a
researcher's own codes (``talkingcure evaluate``). Framework-free."""
