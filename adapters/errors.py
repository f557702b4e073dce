class Unavailable(Exception):
    """A backing service (database, SMTP, SFTP) cannot be reached right now.

    Adapters wrap their library's connection errors in it; the HTTP layer
    answers 503 with ``Retry-After``."""

    def __init__(self, service: str, *, retry_after_s: int = 5) -> None:
        super().__init__(f"{service} unavailable")
        self.service = service
        self.retry_after_s = retry_after_s
