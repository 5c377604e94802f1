# Switchboard gateway image: built with the JDK, run on the JRE as a non-root user.
#   docker build -t switchboard .
#   docker run -p 8080:8080 -v $PWD/gateway.yaml:/etc/switchboard/gateway.yaml switchboard
# docker-compose.yml runs two nodes on PostgreSQL behind nginx (docs/deployment.md).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The build files first, so a change to the sources alone reuses the downloaded dependencies' layer.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY config/pom.xml config/
COPY gateway-core/pom.xml gateway-core/
COPY channel-email/pom.xml channel-email/
COPY channel-sms/pom.xml channel-sms/
COPY channel-chat/pom.xml channel-chat/
COPY gateway-server/pom.xml gateway-server/
COPY gateway-bench/pom.xml gateway-bench/
COPY config/src config/src
COPY gateway-core/src gateway-core/src
COPY channel-email/src channel-email/src
COPY channel-sms/src channel-sms/src
COPY channel-chat/src channel-chat/src
COPY gateway-server/src gateway-server/src
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -q -B -DskipTests -pl gateway-server -am package \
 && cp gateway-server/target/switchboard.jar /switchboard.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --home-dir /var/lib/switchboard --shell /usr/sbin/nologin switchboard \
 && mkdir -p /var/lib/switchboard/data /etc/switchboard \
 && chown -R switchboard:switchboard /var/lib/switchboard
COPY --from=build /switchboard.jar /opt/switchboard/switchboard.jar
COPY ops/docker/gateway.yaml /etc/switchboard/gateway.yaml
# The class data archive, recorded by this image's own JVM around a throwaway start: a start maps the classes
# it loads instead of reading and verifying each from the jar (docs/operations.md, "Class data archive"). The
# JVM starts without it, silently when it is missing and with a warning when it does not match the jar.
RUN java -XX:ArchiveClassesAtExit=/opt/switchboard/switchboard.jsa -jar /opt/switchboard/switchboard.jar warm-up
# A fixed heap (initial = maximum), sized from the container's memory limit: with a maximum alone G1
# shrinks the heap to a few tens of MB and collects twice a second under load; its young generation at
# most 256 MB, so a new gateway does not fault in fresh pages for minutes (docs/operations.md).
ENV SWITCHBOARD_PORT=8080 \
    JAVA_OPTS="-XX:InitialRAMPercentage=75 -XX:MaxRAMPercentage=75 -XX:MaxNewSize=256m -XX:+ExitOnOutOfMemoryError"
WORKDIR /var/lib/switchboard
USER switchboard:switchboard
EXPOSE 8080
# Ready means the store answers and the channels are up; bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SWITCHBOARD_PORT} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:SharedArchiveFile=/opt/switchboard/switchboard.jsa -jar /opt/switchboard/switchboard.jar \"$@\"", "switchboard"]
CMD ["run", "--config", "/etc/switchboard/gateway.yaml"]
