# Tessera tracker service, native executable (GraalVM Mandrel through Quarkus's builder image).
# Build from the repository root:  docker build -f docker/tracker.Dockerfile -t tessera/tracker .
FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build
COPY --chown=quarkus:quarkus . /code
WORKDIR /code
RUN ./mvnw -B -pl tracker -am package -DskipTests -Dnative

# ubi-minimal rather than the micro image: the health check needs curl.
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.6
WORKDIR /work/
COPY --from=build /code/tracker/target/*-runner /work/application
RUN chmod 775 /work
EXPOSE 8084
USER 1001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8084/q/health/ready || exit 1
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0"]
