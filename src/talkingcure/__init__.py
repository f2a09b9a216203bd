"""talkingcure: software for psychodynamic psychotherapy."""

__version__ = "0.1.0"
