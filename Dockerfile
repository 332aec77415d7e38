# Career Prep: a slim image that runs `career-prep run`.
# Socket Mode when SLACK_APP_TOKEN is set; otherwise HTTP on port 3000 (POST /slack/events, GET /healthz).

# Build the wheel in its own stage: the final image holds the installed package, not the source tree.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# .dockerignore keeps everything else (venvs, .env, databases, tests) out of the build context.
COPY pyproject.toml setup.py MANIFEST.in README.md app_manifest.yml ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/career_prep.db \
    HOST=0.0.0.0 \
    PORT=3000

# Migrations and the manifest are inside the wheel (bot/_migrations, bot/app_manifest.yml).
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin careerprep \
    && mkdir -p /data \
    && chown careerprep /data

WORKDIR /data
USER careerprep
# A named volume starts as a copy of /data (owned by careerprep); a host directory mounted here must
# be writable by uid 10001, or the bot stops at start saying so.
VOLUME ["/data"]
EXPOSE 3000

# `career-prep run` serves /healthz on PORT in both modes (Socket Mode too); it checks the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)" || exit 1

STOPSIGNAL SIGTERM
CMD ["career-prep", "run"]
