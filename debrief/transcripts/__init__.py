"""Call transcripts read on the user's machine: the interviewer's questions, and how long each answer ran.

The modules that read and analyse transcripts load their parsers and compile their rules on import;
what the rest of the app needs to know about answers is here, so that importing it costs nothing.
"""

LONG_ANSWER_SECONDS = 120
WORDS_PER_MINUTE_ESTIMATE = 150  # for files without times: how long words take to say, roughly


def spoken_seconds(seconds: float | None, words: int) -> float:
    """An answer's talking time, or for a file without times how long its words take to say."""
    return seconds if seconds is not None else words * 60 / WORDS_PER_MINUTE_ESTIMATE


def share_of_talk(
    my_seconds: float | None, everyone_seconds: float | None, my_words: int, everyone_words: int
) -> float:
    """The candidate's share of the talking: by time where the file has times, else by words."""
    if my_seconds is not None and everyone_seconds:
        return my_seconds / everyone_seconds
    return my_words / everyone_words if everyone_words else 0.0
