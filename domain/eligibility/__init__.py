"""IAE eligibility diagnoses: the criteria a person meets, certified by whom."""
