package dev.smtpgrader.engine;

/** Where server grading plugs in its runner. */
final class ServerRunners {
    private ServerRunners() {
    }

    static TargetRunner create() {
        return new ServerRunner();
    }
}
