"""Evaluation through the whole engine: the triage message set and the multi-turn safety scenarios
(nlu/tests/triage_set.yml, nlu/tests/triage_conversations.yml), run on a throw-away database exactly
as a person's messages would be, never used for training."""
