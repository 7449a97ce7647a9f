# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/app/var

WORKDIR /app
RUN groupadd --system socialearn && useradd --system --gid socialearn --home /app socialearn

COPY . .
# Editable install: the code runs from /app, beside its templates and static files.
RUN pip install -e .
# collectstatic needs settings but no secrets or services.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /app/var/media /app/var/private && chown -R socialearn:socialearn /app/var

USER socialearn
EXPOSE 8000
CMD ["gunicorn", "socialearn.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
