"""Call transcripts read on the user's machine: the interviewer's questions, and how long each answer ran."""
