# Builds the callstar server. Used by docker-compose.yml.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p callstar

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/callstar callstar
COPY --from=build /src/target/release/callstar /usr/local/bin/callstar
USER callstar
WORKDIR /var/lib/callstar
ENV HOST=0.0.0.0 PORT=8080 DATA_DIR=/var/lib/callstar
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["callstar"]
CMD ["serve"]
