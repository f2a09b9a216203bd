"""One pluggable sender for every notification (risk alerts, reminders)."""
