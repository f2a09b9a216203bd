"""Fields reviewed as holding no client data, and so stored unencrypted.

Every other field of every model must be an encrypted field; a test walks all models and
fails on any field that is neither, so a new model cannot forget. Adding to this list is a
reviewed decision: say why the field holds no client-derived data.
"""

from __future__ import annotations

# Whole third-party or framework models that hold staff or system data only.
PLAIN_MODELS: dict[str, str] = {
    "auth.permission": "permission names",
    "auth.group": "staff group names",
    "auth.group_permissions": "which permissions a staff group has",
    "accounts.user_groups": "staff group membership",
    "accounts.user_user_permissions": "staff permissions",
    "axes.accessattemptexpiration": "expiry of failed-sign-in records",
    "contenttypes.contenttype": "model names",
    "sessions.session": "signed session data of staff users: ids, flags and expiry times",
    "otp_totp.totpdevice": "staff users' second-factor devices",
    "otp_static.staticdevice": "staff users' recovery-code devices",
    "otp_static.statictoken": "staff users' single-use recovery codes",
    "axes.accessattempt": "failed staff sign-ins: username tried, address, user agent",
    "axes.accessfailurelog": "failed staff sign-ins: username tried, address, user agent",
    "axes.accesslog": "staff sign-ins: username, address, user agent, times",
    "accounts.user": "staff accounts: names, e-mail, role; no client data",
    "accounts.user_supervisees": "which clinician a supervisor supervises",
    "audit.auditentry": "identifiers, actions and times only, by design",
    "programmes.programme": "the centre's programmes",
}

# Single fields of models that otherwise hold client data.
PLAIN_FIELDS: dict[str, str] = {
    "*.id": "database key",
    "*.public_id": "random opaque identifier",
    "clients.client.clinician": "which staff member is assigned",
    "clients.client.status": "active / on hold / discharged, needed to list caseloads",
    "clients.client.synthetic": "marks demo data",
    "clients.client.created_at": "record creation time",
    "clients.client.status_since": "date of the last status change, needed to list caseloads",
    "clients.breakglassgrant.user": "the administrator",
    "clients.breakglassgrant.client": "link to the client",
    "clients.breakglassgrant.at": "time of the grant",
    "clients.breakglassgrant.until": "end of the grant",
    "programmes.enrolment.client": "link to the client",
    "programmes.enrolment.programme": "link to the programme",
    "scheduling.appointment.client": "link to the client",
    "scheduling.appointment.clinician": "the clinician",
    "scheduling.appointment.starts_at": "the time slot, needed to build calendars",
    "scheduling.appointment.minutes": "session length",
    "scheduling.appointment.status": "booked / attended / cancelled / missed",
    "consents.consent.client": "link to the client",
    "consents.consent.kind": "which consent",
    "consents.consent.given_on": "date the consent was given, needed to test validity",
    "consents.consent.revoked_on": "date the consent was revoked, needed to test validity",
    "consents.consent.expires_on": "expiry date, needed to test validity",
    "disclosure.disclosure.client": "link to the client",
    "disclosure.disclosure.path": "name of the export path",
    "disclosure.disclosure.categories": "category names released",
    "disclosure.disclosure.part2": "whether Part 2 applied",
    "disclosure.disclosure.consent": "link to the consent",
    "disclosure.disclosure.by": "the staff member",
    "disclosure.disclosure.at": "time of the disclosure",
}


def is_reviewed_plain(model_label: str, field_name: str) -> bool:
    return (
        model_label in PLAIN_MODELS
        or f"{model_label}.{field_name}" in PLAIN_FIELDS
        or f"*.{field_name}" in PLAIN_FIELDS
    )
