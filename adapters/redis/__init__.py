"""State shared by the API's workers and hosts, in Redis (redis-py asyncio)."""
