# smtp-grader as a container image, for courses that grade in containers.
#
#   mvn -B -DskipTests package              # builds grader/target/smtp-grader.jar (and fetches Jython beside it)
#   docker build -t smtp-grader .
#   docker run --rm -v "$PWD:/work" smtp-grader grade submissions/
#
# The image holds the jar alone: the shipped scenarios and assignments are bundled in it (README, "A runnable jar").
# Each run's network namespace and sandbox need privileges a default container does not have; without them the tool
# falls back (rewriting endpoints, no sandbox) and every report's isolation line says so. See docs/grade.md.
FROM debian:bookworm-slim

# A JDK 17 (the tool, and javac for Java submissions), Python 3, the C toolchain, bubblewrap for the sandbox, and
# iproute2, nftables and util-linux (nsenter, setpriv, prlimit) for each run's network namespace and limits.
RUN mkdir -p /usr/share/man/man1 \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless python3 gcc make libc6-dev bubblewrap iproute2 nftables util-linux \
    && rm -rf /var/lib/apt/lists/*

COPY grader/target/smtp-grader.jar /opt/smtp-grader/smtp-grader.jar
# Python 2 submissions run on Jython where there is no python2 (Debian has none): the build copied it beside the jar
COPY grader/target/referees/jython-standalone.jar /opt/smtp-grader/jython-standalone.jar
ENV SMTP_GRADER_JYTHON=/opt/smtp-grader/jython-standalone.jar

WORKDIR /work
ENTRYPOINT ["java", "-Xmx384m", "-XX:+UseSerialGC", "-jar", "/opt/smtp-grader/smtp-grader.jar"]
CMD ["--help"]
