# syntax=docker/dockerfile:1
# Torale: the fat jar built with the same command CI runs (tests skipped), on a JRE.
#   docker build -t torale .
#   docker run -p 8080:8080 torale                  # embedded PostgreSQL and Temporal
#   docker run torale worker /app/config.yml        # worker only

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds; it is not part of the image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 torale \
 && useradd --system --uid 10001 --gid torale --home-dir /app --no-create-home torale \
 && mkdir -p /app/data \
 && chown -R torale:torale /app
WORKDIR /app
COPY --from=build /src/service/target/torale.jar /app/torale.jar
COPY config.yml /app/config.yml
USER 10001:10001
# Heap up to 75% of the container's memory limit (the JVM's default is 25%).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Embedded mode (no TORALE_DATABASE_URL) keeps PostgreSQL's data in /app/data:
# mount a volume there (-v torale-data:/app/data) to keep it.
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD curl -fsS -o /dev/null "http://localhost:${TORALE_ADMIN_PORT:-8081}/healthcheck" || exit 1
ENTRYPOINT ["java","-jar","/app/torale.jar"]
CMD ["server","/app/config.yml"]
