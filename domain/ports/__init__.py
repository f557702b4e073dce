"""The ports the domain declares: a module per area, the unit of work, the system."""
