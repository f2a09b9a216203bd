"""FHIR R4B export of a client's answers and scores (fhir.resources validates every resource).

QuestionnaireResponse per completed questionnaire, and an Observation for its total with the
LOINC code where one is known (see LOINC_TOTALS; others carry talkingcure's own code).
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from talkingcure.clients.models import Client
from talkingcure.outcomes.models import Administration

SYSTEM = "urn:talkingcure"
LOINC = "http://loinc.org"
# Totals with a LOINC code (../shared/INSTRUMENTS.md; AUDIT's code is unconfirmed there).
LOINC_TOTALS = {
    "phq9": ("44261-6", "PHQ-9 total score"),
    "gad7": ("70274-6", "GAD-7 total score"),
    "audit_c": ("75626-2", "AUDIT-C total score"),
}


def client_bundle(client: Client, *, notice: str = "") -> dict[str, Any]:
    """A validated FHIR R4B collection bundle, as JSON-ready data."""
    patient_ref = f"urn:uuid:{client.public_id}"
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": patient_ref,
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": f"{SYSTEM}:client", "value": str(client.public_id)}],
            },
        }
    ]
    for administration in client.administrations.filter(
        status=Administration.Status.COMPLETED
    ).order_by("completed_at"):
        response_ref = f"urn:uuid:{administration.public_id}"
        entries.append(
            {"fullUrl": response_ref, "resource": _response(administration, patient_ref)}
        )
        entries.append(
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": _observation(administration, patient_ref, response_ref),
            }
        )
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if notice:
        bundle["meta"] = {
            "security": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "42CFRPart2",
                    "display": notice,
                }
            ]
        }
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def _response(administration: Administration, patient: str) -> dict[str, Any]:
    answers = {k: v for k, v in administration.answers.items() if not k.startswith("_")}
    assert administration.completed_at is not None
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"{SYSTEM}:questionnaire:{administration.instrument_id}",
        "subject": {"reference": patient},
        "authored": administration.completed_at.isoformat(),
        "item": [
            {"linkId": item, "answer": [{"valueInteger": value}]}
            for item, value in sorted(answers.items())
        ],
    }


def _observation(administration: Administration, patient: str, response: str) -> dict[str, Any]:
    instrument = administration.instrument_id
    code, display = LOINC_TOTALS.get(instrument, (f"{instrument}-total", f"{instrument} total"))
    system = LOINC if instrument in LOINC_TOTALS else f"{SYSTEM}:measure"
    assert administration.completed_at is not None
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": system, "code": code, "display": display}]},
        "subject": {"reference": patient},
        "effectiveDateTime": administration.completed_at.isoformat(),
        "derivedFrom": [{"reference": response}],
    }
    total = administration.result.get("total")
    if total is not None:
        observation["valueQuantity"] = {
            "value": total,
            "unit": "{score}",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        }
    if administration.result.get("band"):
        observation["interpretation"] = [{"text": administration.result["band"]}]
    return observation
