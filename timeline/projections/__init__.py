"""The read side: negotiation state, chronology, persisted read models with checkpoints."""
