"""talkingcure.risk.v1 1.2: the clinical structures added for issue 4, each on wordings that are
in no gold set (SYNTHETIC, written for these tests), with the hard negatives each must leave
alone: idioms, denials, someone else's past and ordinary mentions of the same words."""

from __future__ import annotations

import pytest

from talkingcure.analysis.detectors.risk import OWN_RISK_LABELS
from tests.analysis.gold_runner import run_record

DETECTOR = "talkingcure.risk.v1"


def own_risk(text: str, question: str = "How has the week been?") -> set[str]:
    record = {
        "id": "t",
        "label": "",
        "expected": True,
        "context": [["Therapist", question]],
        "speaker": "Client",
        "text": text,
    }
    labels = run_record(record, DETECTOR).turns[-1].labels
    return {label for label in labels if label in OWN_RISK_LABELS}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # passive death wish and foreshortened future (C-SSRS item 1; Beck Hopelessness Scale)
        ("Sometimes I think it would be easier to just not exist.", "risk.suicide"),
        ("Some mornings I wish I just hadn't woken up.", "risk.suicide"),
        ("I keep wondering whether anyone would notice if I was gone.", "risk.suicide"),
        ("I can't picture being alive by the spring.", "risk.suicide"),
        ("I don't think I'll see my next birthday.", "risk.suicide"),
        # the same wish with Caribbean and Scots negators (v1.9.3)
        ("Some nights me want fi sleep an' neva wake up.", "risk.suicide"),
        ("Ah jist want tae go tae sleep an' nae wake up.", "risk.suicide"),
        ("I feel like I'm just a weight on everyone.", "risk.suicide"),
        # method research, rehearsal, means
        ("I've been looking up how much paracetamol is fatal.", "risk.suicide"),
        ("I googled how long it takes to die from hanging.", "risk.suicide"),
        ("I went down to the river last night and thought about walking in.", "risk.suicide"),
        ("I've thought about driving off the road on the way home.", "risk.suicide"),
        ("I've been collecting my dad's sleeping tablets.", "risk.suicide"),
        # preparation and affairs in order
        ("I gave away my records and my bike to friends this week.", "risk.suicide"),
        ("I've written a note, it's in my bedside drawer.", "risk.suicide"),
        ("I've been getting rid of my things so there's less to clear.", "risk.suicide"),
        # self-harm told by its function, means or aftermath (ISAS)
        ("I take things out on my arms when nobody's around.", "risk.self_harm"),
        ("I smashed a glass and used a piece on my wrist.", "risk.self_harm"),
        ("I scrubbed my skin raw with a wire brush.", "risk.self_harm"),
        ("My arms are a mess from last night.", "risk.self_harm"),
        ("I've been ripping out my eyelashes.", "risk.self_harm"),
        # harm to others told by its outcome, restraint, stalking, weapons (HCR-20 style)
        ("I'll put that prick in hospital if he tries it again.", "risk.harm_to_others"),
        ("I'd love to break every bone in his body.", "risk.harm_to_others"),
        ("I've been carrying a knife since the fight.", "risk.harm_to_others"),
        ("I sat outside her house all night watching her windows.", "risk.harm_to_others"),
        ("I bottled a guy outside the club.", "risk.harm_to_others"),
        ("I want to run my ex-husband over.", "risk.harm_to_others"),
        # use told by quantity, concealment, procurement or craving (AUDIT, DAST, PACS)
        ("I got through two bottles of white on my own.", "risk.substance_use"),
        ("I've been sneaking drinks from the cupboard at work.", "risk.substance_use"),
        ("I've been getting my mate to buy me co-codamol.", "risk.substance_use"),
        ("I had my first drink in two years on Saturday.", "risk.substance_use"),
        ("I was so wasted I lost my phone and my keys.", "risk.substance_use"),
        ("I can't stop thinking about having a drink.", "risk.substance_use"),
    ],
)
def test_structure_is_caught_in_new_wording(text: str, label: str) -> None:
    assert label in own_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        # idioms
        "I nearly killed myself laughing at the film.",
        "I'm dead bored of this job.",
        "I could cheerfully strangle my sister sometimes.",
        "I shot some hoops with my son.",
        "I almost drowned in paperwork this week.",
        "I punched above my weight with that application.",
        "I'd rather die than wear that dress.",
        # denials
        "I've never wanted to die, not even at my worst.",
        "I'm not really tired of living, just of this job.",
        # someone else's risk, present or past
        "My flatmate smokes weed every night.",
        "My cousin drowned in a canal when we were teenagers.",
        "My grandad will never walk again after the stroke.",
        # ordinary mentions of the same words
        "It'd be a relief to just stop worrying about money.",
        "If I don't wake up early I'll miss the train.",
        "I looked up how much it would cost.",
        "I sat in the car park for ages waiting for my sister.",
        "I wrote a letter to my mum and put it in the post.",
        "I waited on the platform for the fast train to Leeds.",
        "I feel like a weight has lifted.",
        "I've got plasters on my fingers from the guitar.",
        "The cat scratched my arm.",
        "The scissors slipped and cut my hand.",
        "I cracked my knuckles before the exam.",
        "I held my daughter's hands under the tap to wash them.",
        "I need a drink of something warm.",
        "I've been drinking loads of herbal tea.",
        "I went through a bottle of shampoo in a week.",
        "I took two pills for my migraine before the gig.",
        "I threatened to report them to the council.",
        "I took the kids to the park and pushed them on the swings.",
    ],
)
def test_hard_negative_stays_unlabelled(text: str) -> None:
    assert own_risk(text) == set()


def test_a_denial_right_before_a_self_negating_phrase_is_a_denial_finding() -> None:
    record = {
        "id": "t",
        "label": "",
        "expected": True,
        "context": [["Therapist", "How has the week been?"]],
        "speaker": "Client",
        "text": "I've never wanted to die, even at my lowest.",
    }
    state = run_record(record, DETECTOR)
    assert "risk.suicide" not in state.turns[-1].labels
    assert "risk_denial" in {f.kind for f in state.findings}


def test_a_recipient_beside_a_place_is_not_preparation_but_beside_a_hidden_note_it_is() -> None:
    assert own_risk("I sat on the bridge waiting for my brother.") == set()
    assert "risk.suicide" in own_risk("I left notes for my parents in my desk.")
