# syntax=docker/dockerfile:1
# The Sextant engine image.
#   docker build -t sextant:0.1.0 .
#   docker run -p 8080:8080 -v sextant-data:/var/lib/sextant sextant:0.1.0
# Configuration: mount an application.yaml and pass --spring.config.additional-location=file:/config/application.yaml
# (the Helm chart in charts/sextant does this), or set SEXTANT_* environment variables.

# --- build: the Maven wrapper on the JDK; the .m2 cache mount keeps rebuilds from re-downloading.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# -DskipTests still compiles the tests: the engine's test classpath needs git-source's test-jar.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && cp engine/target/sextant.jar /sextant.jar

# --- run: the JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
# /app/config/application.yaml is read like any Spring Boot app's ./config, so a mounted config file
# (--spring.config.additional-location) or SEXTANT_* variables still override the data directory.
RUN groupadd --system --gid 10001 sextant \
 && useradd --system --uid 10001 --gid sextant --no-create-home --home-dir /var/lib/sextant --shell /usr/sbin/nologin sextant \
 && mkdir -p /var/lib/sextant /app/config \
 && chown sextant:sextant /var/lib/sextant \
 && printf 'sextant:\n  data-dir: /var/lib/sextant\n' > /app/config/application.yaml
COPY --from=build /sextant.jar /app/sextant.jar
# The heap follows the container's memory limit; an OutOfMemoryError restarts the container instead
# of leaving a half-working engine.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
WORKDIR /app
USER 10001:10001
VOLUME /var/lib/sextant
EXPOSE 8080
# No curl in the JRE image: bash's /dev/tcp asks the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/sextant.jar"]
