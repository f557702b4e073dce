"""The public referentials: communes, ROME job titles, eligibility criteria."""
