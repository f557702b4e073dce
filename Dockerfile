# Tremplin API image: runtime dependencies only, non-root, health-checked.
# (Kept correct by reading: no Docker engine runs where this project is built.)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY domain ./domain
COPY adapters ./adapters
COPY migrations ./migrations
RUN pip install . \
    && useradd --create-home --uid 10001 tremplin \
    && mkdir -p /data \
    && chown tremplin:tremplin /data

USER tremplin
ENV TREMPLIN_DATA_DIR=/data \
    TREMPLIN_ASP_DIR=/data/asp \
    TREMPLIN_DATABASE_URL=sqlite+aiosqlite:////data/tremplin.db
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status != 200)"]

# Run `tremplin migrate` once per release (e.g. an init container) before this.
CMD ["tremplin", "serve", "--host", "0.0.0.0", "--port", "8000"]
