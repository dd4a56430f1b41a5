# The helpline web process. Built by docker-compose.yml; see README "Production".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY bot ./bot
COPY nlu ./nlu
COPY flows ./flows
COPY handoff ./handoff
COPY insights ./insights
COPY locales ./locales
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && helpline locales compile \
    && HELPLINE_NLU_MODEL_DIR=/app/model helpline nlu train \
    && useradd --system --uid 10001 helpline && mkdir -p /data && chown helpline /data
USER helpline
ENV HELPLINE_DATA_DIR=/data HELPLINE_NLU_MODEL_DIR=/app/model
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["sh", "-c", "helpline db upgrade && exec helpline run --host 0.0.0.0 --port 8000 --workers ${WEB_WORKERS:-4}"]
