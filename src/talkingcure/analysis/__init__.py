"""talkingcure.analysis: transcript in, evidence-linked psychodynamic analysis out.

A framework-free library: it never imports Django.
"""
