"""Non-English or garbled transcripts are refused with a message that says so."""

from __future__ import annotations

import pytest

from talkingcure.analysis.language import check_english, measure
from talkingcure.analysis.readers import read_text
from talkingcure.analysis.readers.errors import GarbledTextError, NotEnglishError

ENGLISH = (
    "Therapist: How did you feel when your mother called you last week?\n"
    "Client: I do not know. I just froze and could not say anything to her, and then I was "
    "angry at myself for the rest of the day.\n"
)
FRENCH = (
    "Thérapeute: Comment vous êtes-vous senti quand votre mère vous a appelé la semaine "
    "dernière?\nClient: Je ne sais pas. Je me suis figé et je ne pouvais rien lui dire, et "
    "ensuite j'étais en colère contre moi-même pour le reste de la journée.\n"
)
SPANISH = (
    "T: ¿Cómo se sintió cuando su madre le llamó la semana pasada?\n"
    "C: No sé. Me quedé paralizada y no pude decirle nada, y luego estuve enfadada conmigo "
    "misma durante el resto del día, sin saber por qué.\n"
)
RUSSIAN = "T: Как вы себя чувствовали, когда позвонила мама?\nC: Я не знаю. Я просто замерла.\n"
GARBLED = (
    "T: ## 00 %% [inaudible] 12 ## ** 0x3f ??? 44 && 17 %% ## 9 ##\n"
    "C: ** 88 ## 31 %% 0x00 ** 5 ## 61 && ## 07 ** 2 ## 19 !!\n"
)
WORD_SALAD = (
    "T: grop flenk atta vorm pliss quandu bresk tolly ninq frap\n"
    "C: sneb oorp glastu venn krimble dosk pralt wung feeb halq\n"
)


def test_english_passes() -> None:
    assert read_text(ENGLISH).turns[1].role == "client"
    assert measure(ENGLISH).english_share > 0.4


@pytest.mark.parametrize("text", [FRENCH, SPANISH, RUSSIAN, WORD_SALAD])
def test_other_languages_and_salad_are_refused(text: str) -> None:
    with pytest.raises(NotEnglishError) as info:
        read_text(text, source="s.txt")
    assert "English" in info.value.message
    assert str(info.value).startswith("s.txt:")


def test_garbled_symbols_are_refused() -> None:
    with pytest.raises(GarbledTextError) as info:
        check_english(GARBLED.replace("T: ", "").replace("C: ", ""))
    assert "garbled" in info.value.message


def test_check_can_be_switched_off() -> None:
    transcript = read_text(FRENCH, check_language=False)
    assert len(transcript.turns) == 2
