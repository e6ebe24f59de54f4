package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.CommandParser;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.Reply;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a client uses the ESMTP extensions the server offers: STARTTLS (RFC 3207), AUTH (RFC 4954 with PLAIN, RFC
 * 4616, and LOGIN), SIZE (RFC 1870) and PIPELINING (RFC 2920). Every rule reads what the client was offered from the
 * EHLO reply it actually got, never from the scenario, so that a scripted reply counts as what the client saw.
 */
final class ClientTlsAuthChecks {
    private ClientTlsAuthChecks() {}

    static List<Check> all() {
        return List.of(
                new UsesStartTls(),
                new StartTlsWellFormed(),
                new EhloAfterStartTls(),
                new NoCredentialsBeforeTls(),
                new NoPasswordInClear(),
                new AuthWellFormed(),
                new StopsAfterAuthFailure(),
                new RespectsSize(),
                new Pipelining(),
                new VerifiesCertificate());
    }

    /** Whether the EHLO in force just before this point offered the keyword. */
    private static boolean offers(Dialogue d, int beforeSeq, String keyword) {
        return Esmtp.offered(d, beforeSeq, false).containsKey(keyword);
    }

    /** Why a check of the AUTH dialogue does not apply to a client that does not log in. */
    static final String NOT_APPLICABLE = "not applicable: the client did not authenticate (it sent no AUTH)";

    /** Whether the scenario's fake server demands a login before mail (530 to MAIL FROM until AUTH succeeds). */
    static boolean authRequired(Evidence ev) {
        return ev.scenario().server() != null && ev.scenario().server().auth().required();
    }

    /** Seq of the event that put the session in TLS, or -1. */
    private static int tlsSeq(Dialogue d) {
        return d.firstEvent(EventKind.TLS);
    }

    static final class UsesStartTls extends BaseCheck {
        UsesStartTls() {
            super(
                    Level.LAB,
                    "uses-starttls",
                    Category.TLS,
                    "starts TLS with STARTTLS before sending credentials or mail, when the server offers it",
                    "RFC 3207 §4; RFC 8314 §3",
                    "After EHLO, if the reply lists STARTTLS, send `STARTTLS`, wait for 220, wrap the socket "
                            + "(Python: `ssl.create_default_context().wrap_socket(sock, server_hostname=host)`), then "
                            + "send EHLO again and only then AUTH and MAIL FROM.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's EHLO");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if (e.is("STARTTLS")) {
                    if (e.code() != 220) {
                        return e.hasReply()
                                ? Outcome.skip("the server refused STARTTLS with "
                                        + Phrases.reply(e.reply().value()))
                                : ev.undecided("the reply to STARTTLS");
                    }
                    int tls = tlsSeq(d);
                    if (tls < 0) {
                        return Outcome.skip("the TLS handshake after STARTTLS did not complete");
                    }
                    return Outcome.pass("started TLS before any credentials or mail", tls);
                }
                if (e.is("AUTH") || e.is("MAIL")) {
                    boolean offeredTls = offers(d, e.line().firstSeq(), "STARTTLS");
                    return Outcome.fail(
                            "sent " + q(e.shown()) + " in plain text"
                                    + (offeredTls ? " although the server offered STARTTLS" : " without STARTTLS"),
                            e.line().firstSeq());
                }
            }
            return ev.undecided("STARTTLS");
        }
    }

    /**
     * STARTTLS as RFC 3207 §4 has it: the client learns from the EHLO reply that the server can negotiate TLS, and
     * begins the handshake only after the 220 "Ready to start TLS". After a 454 the server still speaks plain SMTP, so
     * a ClientHello then is bytes it cannot read: the protocol cannot work.
     */
    static final class StartTlsWellFormed extends BaseCheck {
        StartTlsWellFormed() {
            super(
                    Level.MUST,
                    "starttls-well-formed",
                    Category.TLS,
                    "sends STARTTLS only when the EHLO reply offers it, and starts TLS only after its 220",
                    "RFC 3207 §4",
                    "Send STARTTLS only if the reply to your EHLO lists it (after HELO nothing is offered), and wrap the "
                            + "socket only when STARTTLS got 220. Any other reply (454: TLS not available) means the "
                            + "server goes on in plain text: report the failure and send QUIT.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's STARTTLS");
            }
            Dialogue.Exchange first = null;
            for (Dialogue.Exchange e : d.exchanges()) {
                if (!e.is("STARTTLS")) {
                    continue;
                }
                int seq = e.line().firstSeq();
                if (e.tls()) {
                    return Outcome.fail("sent " + q(e.shown()) + " inside TLS: TLS is already on (RFC 3207 §4)", seq);
                }
                if (!offers(d, seq, "STARTTLS")) {
                    boolean helo = d.exchanges().stream()
                            .anyMatch(x -> x.is("HELO") && x.line().firstSeq() < seq);
                    return Outcome.fail(
                            "sent " + q(e.shown()) + " although "
                                    + (helo && Esmtp.ehloBefore(d, seq, false) == null
                                            ? "it greeted with HELO, after which no extension is offered: STARTTLS is offered only in reply "
                                                    + "to EHLO"
                                            : "the reply to its EHLO did not offer STARTTLS"),
                            seq);
                }
                if (e.hasReply() && e.code() != 220) {
                    Dialogue.Placed<Line> hello = handshakeAfter(d, e);
                    if (hello != null) {
                        return Outcome.fail(
                                "started a TLS handshake although STARTTLS got "
                                        + Phrases.reply(e.reply().value())
                                        + ", not 220: the server goes on in plain text and cannot read it",
                                hello.firstSeq());
                    }
                }
                if (first == null) {
                    first = e;
                }
            }
            if (first == null) {
                return Outcome.skip("not applicable: the client sent no STARTTLS");
            }
            return Outcome.pass(
                    "sent " + q(first.shown()) + " where the EHLO reply offered it"
                            + (first.code() == 220
                                    ? ""
                                    : ", and did not start TLS after "
                                            + (first.hasReply()
                                                    ? Phrases.reply(
                                                            first.reply().value())
                                                    : "no reply")),
                    first.line().firstSeq());
        }

        /** The client's line after STARTTLS if it is the start of a TLS handshake record (0x16 0x03: a ClientHello). */
        private static Dialogue.Placed<Line> handshakeAfter(Dialogue d, Dialogue.Exchange startTls) {
            long end = startTls.line().value().end();
            for (Dialogue.Placed<Line> l : d.clientLines()) {
                if (l.value().start() >= end) {
                    byte[] b = l.value().content();
                    return b.length >= 2 && b[0] == 0x16 && b[1] == 0x03 ? l : null;
                }
            }
            return null;
        }
    }

    static final class EhloAfterStartTls extends BaseCheck {
        EhloAfterStartTls() {
            super(
                    Level.SHOULD,
                    "ehlo-after-starttls",
                    Category.TLS,
                    "sends EHLO again as the first command inside TLS",
                    "RFC 3207 §4.2",
                    "After the TLS handshake the server forgets everything it was told: send `EHLO` again (not HELO: "
                            + "AUTH is only offered in reply to EHLO) before AUTH or MAIL FROM, and read the new "
                            + "list of extensions.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the client's STARTTLS");
            }
            int tls = tlsSeq(d);
            if (tls < 0) {
                return Outcome.skip("the connection never switched to TLS");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if (e.line().firstSeq() > tls) {
                    if (e.is("EHLO")) {
                        return Outcome.pass(
                                "sent " + q(e.shown()) + " first inside TLS",
                                e.line().firstSeq());
                    }
                    return Outcome.fail(
                            "the first command inside TLS was " + q(e.shown()) + ", not EHLO",
                            e.line().firstSeq());
                }
            }
            return ev.undecided("the client's first command inside TLS");
        }
    }

    static final class NoCredentialsBeforeTls extends BaseCheck {
        NoCredentialsBeforeTls() {
            super(
                    Level.MUST,
                    "no-credentials-before-tls",
                    Category.AUTH,
                    "sends no credentials before TLS when the server demands TLS",
                    "RFC 4954 §4, §6; RFC 3207 §4",
                    "Do STARTTLS (and EHLO again) before AUTH: in plain text your password crosses the network "
                            + "readable by anyone, and the server answers `530 Must issue a STARTTLS command first`.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's first command");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if ((e.is("AUTH") || e.is("AUTH-ANSWER"))
                        && !e.tls()
                        && (!e.secret().isEmpty() || e.is("AUTH"))) {
                    return Outcome.fail(
                            "sent " + q(e.shown()) + " before TLS was started"
                                    + (e.secret().isEmpty()
                                            ? ""
                                            : ": the credentials crossed the network in plain text"),
                            e.line().firstSeq());
                }
            }
            int tls = tlsSeq(d);
            boolean auth = d.exchanges().stream().anyMatch(e -> e.is("AUTH"));
            if (tls >= 0 && auth) {
                return Outcome.pass("sent credentials only inside TLS", tls);
            }
            return Outcome.pass("sent no credentials outside TLS"
                    + (d.exchanges().stream().anyMatch(e -> e.is("STARTTLS")) && tls < 0
                            ? " (TLS never started)"
                            : ""));
        }
    }

    /**
     * A password in plain text where TLS was there for the taking. RFC 4616 §5 says a client SHOULD NOT use PLAIN
     * without a security layer such as TLS (LOGIN, which has no RFC, is no better), and RFC 4954 §4 has servers refuse
     * plaintext passwords before STARTTLS; a server that does not demand TLS but offers it still leaves the choice
     * to the client: a recommendation.
     */
    static final class NoPasswordInClear extends BaseCheck {
        NoPasswordInClear() {
            super(
                    Level.SHOULD,
                    "no-password-in-clear",
                    Category.AUTH,
                    "sends no password in plain text when the server offers STARTTLS",
                    "RFC 4616 §5; RFC 4954 §4",
                    "If the EHLO reply lists STARTTLS, start TLS (STARTTLS, the handshake, EHLO again) before AUTH: "
                            + "AUTH PLAIN and LOGIN send the password only base64-encoded, which anyone on the way reads.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's commands");
            }
            boolean inClear = false;
            for (Dialogue.Exchange e : d.exchanges()) {
                if (!(e.is("AUTH") || e.is("AUTH-ANSWER"))
                        || e.tls()
                        || e.secret().isEmpty()) {
                    continue;
                }
                int seq = e.line().firstSeq();
                if (offers(d, seq, "STARTTLS")) {
                    return Outcome.fail(
                            "sent "
                                    + (e.is("AUTH-ANSWER")
                                            ? "a credential (" + q(e.shown()) + ", its answer to AUTH's 334)"
                                            : q(e.shown()))
                                    + " in plain text although the server "
                                    + "offered STARTTLS: the password crossed the network readable by anyone",
                            seq);
                }
                inClear = true;
            }
            return Outcome.pass(
                    inClear
                            ? "sent its password in plain text only where the server offered no STARTTLS"
                            : "sent no password in plain text");
        }
    }

    static final class AuthWellFormed extends BaseCheck {
        AuthWellFormed() {
            super(
                    Level.MUST,
                    "auth-well-formed",
                    Category.AUTH,
                    "authenticates with a mechanism the server offered, after EHLO, with valid base64 answers",
                    "RFC 4954 §4; RFC 4616 §2; RFC 4648 §4",
                    "Send AUTH only after an EHLO whose reply lists it, with one of the listed mechanisms. PLAIN: "
                            + "`AUTH PLAIN ` + base64(\"\\0\" + user + \"\\0\" + password). LOGIN: `AUTH LOGIN`, then "
                            + "base64(user) after the first 334, base64(password) after the second. In Python: "
                            + "`base64.b64encode(s.encode()).decode()`.");
        }

        @Override
        public List<String> dependsOn() {
            return List.of("no-credentials-before-tls", "uses-starttls");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the client's AUTH");
            }
            List<Dialogue.AuthAttempt> attempts = d.authAttempts();
            if (attempts.isEmpty()) {
                return noAuth(ev, d);
            }
            for (Dialogue.AuthAttempt a : attempts) {
                Dialogue.Exchange auth = a.command();
                int seq = auth.line().firstSeq();
                String mechanism = a.mechanism();
                if (heloBefore(d, seq)) {
                    return Outcome.fail(
                            "sent AUTH after HELO: AUTH is an ESMTP extension, offered only in reply to " + "EHLO",
                            seq);
                }
                Map<String, List<String>> extensions = Esmtp.offered(d, seq, true);
                List<String> offered = extensions.get("AUTH");
                if (offered == null) {
                    Outcome o = Outcome.fail(
                            "sent " + q(auth.shown()) + " although the last EHLO reply did not offer AUTH", seq);
                    // a server that offers AUTH only inside TLS: logging in before STARTTLS is the one defect
                    return extensions.containsKey("STARTTLS") && !auth.tls()
                            ? o.restingOn("no-credentials-before-tls", "uses-starttls")
                            : o;
                }
                List<String> mechanisms =
                        offered.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
                if (mechanism.isEmpty() || !mechanisms.contains(mechanism)) {
                    return Outcome.fail(
                            "sent " + q(auth.shown()) + ": mechanism `" + mechanism + "` is not among those "
                                    + "offered (" + String.join(" ", mechanisms) + ")",
                            seq);
                }
                Optional<Outcome> bad = mechanism.equals("PLAIN")
                        ? plain(a, a.initialResponse())
                        : mechanism.equals("LOGIN") ? login(a, a.initialResponse()) : Optional.empty();
                if (bad.isPresent()) {
                    return bad.get();
                }
            }
            Dialogue.AuthAttempt last = attempts.get(attempts.size() - 1);
            return Outcome.pass(
                    "AUTH " + last.mechanism() + " with well-formed base64 answers",
                    last.last().line().firstSeq());
        }

        /**
         * A client that sent no AUTH: it fails where the scenario's server requires a login (it cannot send mail
         * there, RFC 4954 §6's 530), and otherwise this check has nothing to judge: the program does not log in.
         */
        private static Outcome noAuth(Evidence ev, Dialogue d) {
            if (!authRequired(ev)) {
                return Outcome.skip(NOT_APPLICABLE + ", and this scenario does not require it");
            }
            Dialogue.Exchange refused = d.exchanges().stream()
                    .filter(e -> e.code() == 530)
                    .findFirst()
                    .orElse(null);
            if (refused != null) {
                // a program that logs in nowhere is a lab without login: not judged on one (Capabilities)
                return Outcome.fail(
                                "the server requires a login (" + q(refused.shown()) + " got "
                                        + Phrases.reply(refused.reply().value()) + ") and the client never sent AUTH",
                                refused.reply().firstSeq())
                        .needing(Capabilities.AUTH);
            }
            return ev.undecided("the client's AUTH (this scenario's server requires a login)");
        }

        private static boolean heloBefore(Dialogue d, int seq) {
            String last = "";
            for (Dialogue.Exchange e : d.exchanges()) {
                if (e.line().firstSeq() >= seq) {
                    break;
                }
                if (e.is("HELO") || e.is("EHLO")) {
                    last = e.intent();
                } else if (e.is("STARTTLS") && e.code() == 220) {
                    last = "";
                }
            }
            return last.equals("HELO");
        }

        /** RFC 4616: one answer (initial response, or after an empty 334), base64 of authzid NUL user NUL password. */
        private static Optional<Outcome> plain(Dialogue.AuthAttempt a, String initial) {
            String answer = initial;
            int seq = a.command().line().firstSeq();
            if (answer == null) {
                if (a.answers().isEmpty()) {
                    return Optional.empty();
                }
                answer = a.answers().get(0).secret();
                seq = a.answers().get(0).line().firstSeq();
            }
            if (answer.equals("*")) {
                return Optional.empty();
            }
            if (answer.equals("=")) {
                return Optional.of(Outcome.fail(
                        "AUTH PLAIN's answer is empty (`=`): it must hold the user name and password", seq));
            }
            Optional<String> problem = base64Problem(answer);
            if (problem.isPresent()) {
                return Optional.of(Outcome.fail("AUTH PLAIN's answer is not valid base64: " + problem.get(), seq));
            }
            byte[] decoded = Base64.getDecoder().decode(answer);
            int nuls = 0;
            for (byte b : decoded) {
                nuls += b == 0 ? 1 : 0;
            }
            if (nuls != 2) {
                return Optional.of(Outcome.fail(
                        "AUTH PLAIN's answer decodes to " + nuls + " NUL separator(s), not 2: it "
                                + "must be base64 of \"\\0user\\0password\" (authorization identity, NUL, user, NUL, password)",
                        seq));
            }
            return Optional.empty();
        }

        /** LOGIN: the user name and the password, each base64 and each after its own 334 challenge. */
        private static Optional<Outcome> login(Dialogue.AuthAttempt a, String initial) {
            List<String> answers = new ArrayList<>();
            List<Integer> seqs = new ArrayList<>();
            if (initial != null) {
                answers.add(initial);
                seqs.add(a.command().line().firstSeq());
            }
            for (Dialogue.Exchange e : a.answers()) {
                answers.add(e.secret());
                seqs.add(e.line().firstSeq());
            }
            String[] what = {"user name", "password"};
            for (int i = 0; i < answers.size() && i < 2; i++) {
                if (answers.get(i).equals("*")) {
                    return Optional.empty();
                }
                Optional<String> problem = base64Problem(answers.get(i));
                if (problem.isPresent()) {
                    return Optional.of(Outcome.fail(
                            "AUTH LOGIN: the " + what[i] + " is not valid base64: " + problem.get(), seqs.get(i)));
                }
            }
            Dialogue.Exchange last = a.last();
            if (answers.size() < 2 && last.hasReply() && last.code() == 334) {
                return Optional.of(Outcome.fail(
                        "AUTH LOGIN: the server asked for the " + what[answers.size()] + " (334) and "
                                + "the client did not send it",
                        last.reply().lastSeq()));
            }
            return Optional.empty();
        }

        /** Why this answer is not base64 as RFC 4648 §4 writes it, without quoting it (it is a credential). */
        static Optional<String> base64Problem(String s) {
            if (s.isEmpty()) {
                return Optional.of("it is empty");
            }
            if (Esmtp.base64(s)) {
                return Optional.empty();
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/' && c != '=') {
                    return Optional.of("it holds "
                            + (c == ' '
                                    ? "a space"
                                    : c == '@'
                                            ? "an `@`"
                                            : "the character `"
                                                    + (c < 32 || c > 126
                                                            ? String.format("\\x%02X", (int) c)
                                                            : String.valueOf(c))
                                                    + "`")
                            + ", which base64 never does (was it sent without encoding?)");
                }
            }
            return Optional.of("its length (" + s.length() + ") or padding is wrong: base64 comes in groups of 4 "
                    + "characters, padded with `=`");
        }
    }

    static final class StopsAfterAuthFailure extends BaseCheck {
        StopsAfterAuthFailure() {
            super(
                    Level.SHOULD,
                    "stops-after-auth-failure",
                    Category.AUTH,
                    "does not go on to send mail after authentication failed (535)",
                    "RFC 4954 §4, §6",
                    "If AUTH gets 535 (or any 5xx), the login failed: do not send MAIL FROM as if logged in. Report the "
                            + "error, send QUIT and stop (or try again with other credentials).");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the client's AUTH");
            }
            List<Dialogue.AuthAttempt> attempts = d.authAttempts();
            for (Dialogue.AuthAttempt a : attempts) {
                Dialogue.Exchange last = a.last();
                if (!last.hasReply() || last.code() < 500) {
                    continue;
                }
                Reply refusal = last.reply().value();
                boolean after = false;
                for (Dialogue.Exchange e : d.exchanges()) {
                    if (e == last) {
                        after = true;
                        continue;
                    }
                    if (!after) {
                        continue;
                    }
                    if (e.is("AUTH")
                            && attempts.stream()
                                    .anyMatch(o -> o.command() == e && o.last().code() == 235)) {
                        break;
                    }
                    if (e.is("MAIL") || e.is("RCPT") || e.is("DATA")) {
                        return Outcome.fail(
                                "after " + Phrases.reply(refusal) + " the client sent " + q(e.shown())
                                        + " as if it were logged in",
                                e.line().firstSeq());
                    }
                }
                return Outcome.pass(
                        "stopped after " + Phrases.reply(refusal), last.reply().lastSeq());
            }
            // no login, so none refused: whether it should have logged in is auth-well-formed's to judge
            return attempts.isEmpty()
                    ? Outcome.skip(NOT_APPLICABLE + ", so no login was refused")
                    : ev.undecided("a refused AUTH");
        }
    }

    static final class RespectsSize extends BaseCheck {
        RespectsSize() {
            super(
                    Level.SHOULD,
                    "respects-size",
                    Category.EXTENSIONS,
                    "does not send a message larger than the SIZE the server declared",
                    "RFC 1870 §4, §6",
                    "If the EHLO reply says `SIZE n`, do not send a message of more than n bytes: either check the "
                            + "length first, or declare it with `MAIL FROM:<...> SIZE=<bytes>` and stop if the reply is 552.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's first command");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if (!e.is("MAIL")) {
                    continue;
                }
                int seq = e.line().firstSeq();
                List<String> size = Esmtp.offered(d, seq, false).get("SIZE");
                long limit = 0;
                try {
                    limit = size == null || size.isEmpty() ? 0 : Long.parseLong(size.get(0));
                } catch (NumberFormatException x) {
                    // a SIZE without a usable number declares no limit (RFC 1870 §4)
                }
                Optional<String> declared = CommandParser.parameter(e.command().args(), "SIZE");
                if (declared.isPresent() && !declared.get().matches("\\d{1,20}")) {
                    return Outcome.fail(
                            "MAIL FROM's SIZE parameter " + q(declared.get()) + " is not a number of bytes", seq);
                }
                if (limit <= 0) {
                    continue;
                }
                if (e.code() == 552) {
                    Optional<Dialogue.Exchange> goesOn = d.exchanges().stream()
                            .filter(x -> x.line().firstSeq() > seq && (x.is("RCPT") || x.is("DATA")))
                            .filter(x -> d.exchanges().stream()
                                    .noneMatch(y -> y.is("MAIL")
                                            && y.line().firstSeq() > seq
                                            && y.line().firstSeq() < x.line().firstSeq()))
                            .findFirst();
                    if (goesOn.isPresent()) {
                        return Outcome.fail(
                                "after " + Phrases.reply(e.reply().value()) + " to MAIL FROM (the message is "
                                        + "too large) the client sent "
                                        + q(goesOn.get().shown()),
                                goesOn.get().line().firstSeq());
                    }
                    return Outcome.pass(
                            "declared the message's size and stopped at "
                                    + Phrases.reply(e.reply().value()),
                            e.reply().lastSeq());
                }
                Optional<Dialogue.Exchange> end = d.exchanges().stream()
                        .filter(x -> x.is("DATA-END") && x.line().firstSeq() > seq)
                        .findFirst();
                if (end.isPresent()) {
                    long bytes = end.get().data().stream()
                            .mapToLong(l -> l.value().wireLength())
                            .sum();
                    if (bytes > limit) {
                        return Outcome.fail(
                                "sent a message of " + bytes + " bytes although the server declared `SIZE " + limit
                                        + "`",
                                end.get().line().firstSeq());
                    }
                    return Outcome.pass(
                            "the message (" + bytes + " bytes) is within the declared SIZE " + limit,
                            end.get().line().firstSeq());
                }
            }
            return ev.undecided("a message sent after a SIZE was declared");
        }
    }

    static final class Pipelining extends BaseCheck {
        Pipelining() {
            super(
                    Level.MUST,
                    "pipelining",
                    Category.EXTENSIONS,
                    "sends commands without waiting only when PIPELINING is offered, and then only where RFC 2920 allows",
                    "RFC 2920 §3.1; RFC 5321 §4.1.1.4",
                    "Without PIPELINING in the EHLO reply, wait for each reply. With it, you may send RSET, MAIL FROM "
                            + "and RCPT TO without waiting, but you must wait for the replies to EHLO, DATA (the 354 "
                            + "before the message), AUTH, STARTTLS, NOOP and QUIT.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's first command");
            }
            Outcome waits = new ClientConversationChecks.WaitsForReplies().evaluate(ev, spec);
            if (waits.status() != Status.FAILED) {
                boolean offered = d.exchanges().stream()
                        .anyMatch(e -> e.is("EHLO") && e.positive() && offers(d, Integer.MAX_VALUE, "PIPELINING"));
                boolean pipelined = d.exchanges().stream()
                        .anyMatch(e -> e.hasReply()
                                && d.clientLines().stream()
                                        .anyMatch(l -> l.value().start()
                                                        >= e.line().value().end()
                                                && l.firstSeq() <= e.reply().completeSeq()));
                return Outcome.pass(
                        pipelined
                                ? "pipelined only where RFC 2920 allows"
                                : offered
                                        ? "did not pipeline (allowed, not required)"
                                        : "waited for every reply; PIPELINING was not offered");
            }
            int seq = waits.entry();
            boolean offered = offers(d, seq, "PIPELINING");
            return Outcome.fail(
                    (offered ? "" : "pipelined although the server did not offer PIPELINING: ") + waits.message(), seq);
        }
    }

    static final class VerifiesCertificate extends BaseCheck {
        VerifiesCertificate() {
            super(
                    Level.LAB,
                    "verifies-certificate",
                    Category.TLS,
                    "does not go on when the server's certificate is for another name",
                    "RFC 3207 §4.1; RFC 6125 §6",
                    "Verify the server's certificate: `ssl.create_default_context()` does (do not turn off "
                            + "`check_hostname`), and pass `server_hostname=` the name you connected to.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the client's STARTTLS");
            }
            int failed = d.firstEvent(EventKind.TLS_FAILED);
            if (failed >= 0) {
                return Outcome.pass("refused the certificate: the handshake did not complete", failed);
            }
            int tls = tlsSeq(d);
            if (tls < 0) {
                return ev.undecided("the client's STARTTLS");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if (e.tls() && (e.is("AUTH") || e.is("MAIL"))) {
                    return Outcome.fail(
                            "accepted a certificate for another name (" + certificateOf(d) + ") and sent "
                                    + q(e.shown()),
                            e.line().firstSeq());
                }
            }
            return Outcome.pass("sent neither credentials nor mail over TLS with a certificate for another name", tls);
        }

        private static String certificateOf(Dialogue d) {
            return d.entries().stream()
                    .filter(e -> e.is(EventKind.TLS))
                    .map(Entry::note)
                    .findFirst()
                    .map(n ->
                            n.contains("certificate shown: ") ? n.substring(n.indexOf("certificate shown: ") + 19) : n)
                    .orElse("?");
        }
    }
}
