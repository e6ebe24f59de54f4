package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.JvmCommand;
import dev.smtpgrader.process.Placeholders;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.ProgramSpec;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.process.Terminal;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** What both runners do the same way: scratch files, placeholder values, the program's environment. */
final class RunSupport {
    private RunSupport() {}

    /** Placeholder name to environment variable (docs/labs.md). */
    static final Map<String, String> ENV = Map.of(
            "host",
            "SMTP_HOST",
            "port",
            "SMTP_PORT",
            "from",
            "SMTP_FROM",
            "to",
            "SMTP_TO",
            "recipient",
            "SMTP_RECIPIENT",
            "subject",
            "SMTP_SUBJECT",
            "body",
            "SMTP_BODY",
            "message_file",
            "SMTP_MESSAGE_FILE",
            "users",
            "SMTP_USERS",
            "mailbox",
            "SMTP_MAILBOX");

    static void deleteQuietly(Path dir) {
        Folders.deleteQuietly(dir);
    }

    /**
     * Why a program that never reached the grader did not start, if that is what happened, recorded in the
     * transcript: the checks then say so instead of guessing.
     */
    static Optional<StartFailure> diagnoseStart(Transcript transcript, ProcessResult result, ProgramSpec spec) {
        Optional<StartFailure> f = StartDiagnosis.diagnose(result, spec.command(), spec.workingDirectory());
        f.ifPresent(failure -> startFailed(transcript, failure));
        return f;
    }

    /** Records that the program does not start, and why. */
    static void startFailed(Transcript transcript, StartFailure failure) {
        transcript.event(0, EventKind.START_FAILED, failure.event());
    }

    /** The evidence of a scenario that was not run because the submission does not build. */
    static Evidence notBuilt(Program plan, Scenario s) {
        Transcript t = new Transcript(System.nanoTime(), Transcript.DEFAULT_CAP_BYTES);
        StartFailure failure = StartFailure.notBuilt(
                plan.workspace().notBuiltCause(), plan.workspace().notBuilt());
        startFailed(t, failure);
        return new Evidence(s, t.entries(), plan.workspace().notBuilt(), Map.of(), plan.timeoutFor(s), false)
                .notStarted(failure);
    }

    /** The variables through which common TLS stacks take the authorities to trust. */
    static final List<String> TRUST_VARIABLES =
            List.of("SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS");

    /**
     * A {@code java} command told to trust the grader's authority too: the JVM reads none of the variables above, and
     * a Java client that verifies certificates (the default SSLSocketFactory does) would otherwise fail the handshake
     * with the fake server, a correct program failed for the grader's certificate. A command that names its own trust
     * store keeps it.
     */
    static List<String> trustingJava(List<String> command) {
        if (!JvmCommand.startsJvm(command)
                || command.stream().anyMatch(a -> a.startsWith("-Djavax.net.ssl.trustStore="))) {
            return command;
        }
        return JvmCommand.withOptions(
                command,
                List.of(
                        "-Djavax.net.ssl.trustStore=" + Certificates.authorityTrustStore(),
                        "-Djavax.net.ssl.trustStorePassword=" + Certificates.TRUST_STORE_PASSWORD,
                        "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }

    static ProgramSpec program(Program plan, RunPlace place, Scenario s, Map<String, String> values) {
        Map<String, String> env = new LinkedHashMap<>();
        // Python buffers its output in blocks when it goes to a pipe, and a server stopped by the grader dies with
        // the block unwritten: what it printed would depend on when it was stopped. Unbuffered, it is all there.
        env.put("PYTHONUNBUFFERED", "1");
        // The fake server's certificates are issued by the grader's own authority: a client that verifies them, as
        // ssl.create_default_context() and curl do, is told to trust it (OpenSSL, Python, curl, requests, Node read
        // these), so that a correct, verifying client is not failed for the grader's certificate. Nothing else is
        // reachable from a run, so the system's authorities are not missed.
        String ca = Certificates.authorityFile().toString();
        for (String v : TRUST_VARIABLES) {
            env.put(v, ca);
        }
        values.forEach((k, val) -> {
            if (ENV.containsKey(k)) {
                env.put(ENV.get(k), val);
            }
        });
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("dir", place.workdir.toAbsolutePath().toString());
        byte[] stdin = s.stdin() == null
                ? null
                : Placeholders.fill(List.of(s.stdin()), all).get(0).getBytes(StandardCharsets.UTF_8);
        if (plan.prompts() != null && Files.isReadable(STDBUF) && !env.containsKey("LD_PRELOAD")) {
            // a C program's stdout to a pipe is written when its buffer fills, so its questions would never be seen:
            // coreutils' stdbuf library unbuffers it (stdbuf -o0, as an environment)
            env.put("LD_PRELOAD", STDBUF.toString());
            env.put("_STDBUF_O", "0");
        }
        ProgramSpec spec = new ProgramSpec(
                trustingJava(Placeholders.fill(plan.command(), all)),
                env,
                place.workdir,
                stdin,
                ProgramSpec.DEFAULT_OUTPUT_CAP);
        if (plan.prompts() == null) {
            return spec;
        }
        return plan.prompts().terminal() ? spec.withKeyboard().withTerminal() : spec.withKeyboard();
    }

    /** What {@code stdbuf} preloads (Debian's and Ubuntu's coreutils). */
    private static final Path STDBUF = Path.of("/usr/libexec/coreutils/libstdbuf.so");

    /**
     * Starts answering a prompt-driven program's questions (null for any other): with the scenario's values, the
     * server at {@code host}:{@code port}.
     */
    static Keyboard keyboard(
            Program plan,
            Scenario s,
            RunningProgram program,
            Transcript transcript,
            Actors actors,
            LongSupplier deadline,
            String host,
            String port) {
        if (plan.prompts() == null) {
            return null;
        }
        if (plan.prompts().terminal()) {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    Terminal.unavailable()
                            .map(why -> "the program asks through a terminal, and none can be given here: " + why)
                            .orElse("the program runs on a pseudo-terminal (it asks through its console); what it"
                                    + " prints there is read as its standard output"));
        }
        PromptAnswers answers = new PromptAnswers(
                PromptAnswers.Values.of(s, host, port),
                plan.prompts().answers(),
                plan.prompts().severalRecipients());
        return Keyboard.start(program, transcript, actors, answers, deadline);
    }
}
