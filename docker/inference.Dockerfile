# Tessera inference worker: JVM (ONNX Runtime's CUDA provider is a native library the JVM loads)
# with onnxruntime_gpu (Maven profile `cuda`) on a CUDA 12 + cuDNN 9 runtime image.
# Build from the repository root:  docker build -f docker/inference.Dockerfile -t tessera/inference .
# Run with a GPU:                   docker run --gpus all ... (device=auto falls back to the CPU without one)
FROM eclipse-temurin:17-jdk AS build
COPY . /code
WORKDIR /code
RUN ./mvnw -B -Pcuda -pl inference -am package -DskipTests

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /deployments
COPY --from=build /code/inference/target/quarkus-app/ /deployments/
EXPOSE 8083
USER 1001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8083/q/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dquarkus.http.host=0.0.0.0", "-jar", "/deployments/quarkus-run.jar"]
