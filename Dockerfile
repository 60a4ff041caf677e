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
COPY --from=build /sextant.jar /app/sextant.jar
# /app/config/application.yaml is read like any Spring Boot app's ./config, so a mounted config file
# (--spring.config.additional-location) or SEXTANT_* variables still override the data directory.
# Then, for a faster start (docs/benchmarks.md, "Start-up and restart"): the jar is extracted in place
# (/app/sextant.jar with its libraries in /app/lib, which the JVM reads faster than jars nested in a jar) and
# a class data sharing archive is made of every class a training start loads (it exits once the context is
# refreshed; its data go to a throw-away directory). JDK 17 crashes dumping lambda proxies
# (SystemDictionaryShared::adjust_lambda_proxy_class_dictionary, with -XX:ArchiveClassesAtExit as well), so
# the archive is a static one of the class list without them.
RUN groupadd --system --gid 10001 sextant \
 && useradd --system --uid 10001 --gid sextant --no-create-home --home-dir /var/lib/sextant --shell /usr/sbin/nologin sextant \
 && mkdir -p /var/lib/sextant /app/config \
 && chown sextant:sextant /var/lib/sextant \
 && printf 'sextant:\n  data-dir: /var/lib/sextant\n' > /app/config/application.yaml \
 && java -Djarmode=tools -jar /app/sextant.jar extract --destination /tmp/extracted \
 && mv /tmp/extracted/sextant.jar /app/sextant.jar \
 && mv /tmp/extracted/lib /app/lib \
 && java -XX:DumpLoadedClassList=/tmp/classes.lst -Dspring.context.exit=onRefresh -jar /app/sextant.jar --sextant.data-dir=/tmp/training --server.port=0 > /tmp/training.log \
 && grep -v '^@lambda-proxy' /tmp/classes.lst > /tmp/classes-without-lambdas.lst \
 && java -Xshare:dump -XX:SharedClassListFile=/tmp/classes-without-lambdas.lst -XX:SharedArchiveFile=/app/sextant.jsa -cp /app/sextant.jar > /tmp/cds.log \
 && rm -rf /tmp/extracted /tmp/classes.lst /tmp/classes-without-lambdas.lst /tmp/training /tmp/training.log /tmp/cds.log
# The JVM maps the archive through JDK_JAVA_OPTIONS, which the chart's JAVA_TOOL_OPTIONS do not replace; a JVM
# that cannot map it (another JDK build) starts without it.
ENV JDK_JAVA_OPTIONS="-XX:SharedArchiveFile=/app/sextant.jsa"
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
