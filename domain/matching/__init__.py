"""Finding companies and job postings near a place, and ranking them for a job seeker."""
