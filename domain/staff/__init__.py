"""Staff's queue: habilitations, first members and join requests waiting for a decision."""
