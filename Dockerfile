# Career Prep: a slim image that runs `career-prep run`.
# Socket Mode when SLACK_APP_TOKEN is set; otherwise HTTP on port 3000 (POST /slack/events, GET /healthz).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/career_prep.db \
    HOST=0.0.0.0 \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md app_manifest.yml alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin careerprep \
    && mkdir -p /data \
    && chown careerprep /data

# Migrations and the manifest are read from the source tree, next to the installed package.
ENV PYTHONPATH=/app

USER careerprep
VOLUME ["/data"]
EXPOSE 3000

# `career-prep run` serves /healthz on PORT in both modes (Socket Mode too); it checks the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)" || exit 1

STOPSIGNAL SIGTERM
CMD ["career-prep", "run"]
