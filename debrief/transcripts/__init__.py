"""Call transcripts read on the user's machine: the interviewer's questions, and how long each answer ran.

The modules that read and analyse transcripts load their parsers and compile their rules on import;
what the rest of the app needs to know about answers is here, so that importing it costs nothing.
"""

LONG_ANSWER_SECONDS = 120
WORDS_PER_MINUTE_ESTIMATE = 150  # for files without times: how long words take to say, roughly
