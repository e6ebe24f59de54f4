package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog.ParamKind;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a server does the ESMTP extensions a lab may add: its EHLO keywords (RFC 5321 §4.1.1.1), STARTTLS (RFC 3207)
 * and AUTH (RFC 4954). Played only by the optional scenarios, for servers that offer them.
 */
final class ServerTlsAuthChecks {
    private ServerTlsAuthChecks() {}

    static List<Check> all() {
        return List.of(new EhloExtensions(), new StartTls(), new Auth(), new AuthErrors(), new AuthNeedsTls());
    }

    /** RFC 5321 §4.1.1.1: ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    /** RFC 5321 §4.1.1.1: ehlo-param = 1*(%d33-126). */
    private static final Pattern PARAM = Pattern.compile("[\\x21-\\x7e]+");
    /** RFC 4422 §3.1 (as RFC 4954 §3 lists them): 1 to 20 upper-case letters, digits, hyphens, underscores. */
    private static final Pattern MECHANISM = Pattern.compile("[A-Z0-9_-]{1,20}");
    /** Extensions whose RFC gives them no parameter. */
    private static final Map<String, String> NO_PARAMS = Map.of(
            "STARTTLS",
            "RFC 3207 §4",
            "8BITMIME",
            "RFC 6152 §2",
            "PIPELINING",
            "RFC 2920 §3",
            "ENHANCEDSTATUSCODES",
            "RFC 2034 §3",
            "SMTPUTF8",
            "RFC 6531 §3.2",
            "CHUNKING",
            "RFC 3030 §2");

    /** One AUTH dialogue: the command and the client's answers to its 334 challenges, in order. */
    record AuthTry(Dialogue dialogue, Dialogue.AuthAttempt attempt) {
        List<Dialogue.Exchange> parts() {
            return attempt.parts();
        }

        Dialogue.Exchange first() {
            return attempt.command();
        }

        Dialogue.Exchange last() {
            return attempt.last();
        }

        String mechanism() {
            return attempt.mechanism();
        }

        /** The initial response after the mechanism, or null. */
        String initialResponse() {
            return attempt.initialResponse();
        }

        /** "AUTH PLAIN ********", as the first line is shown (credentials masked). */
        String shown() {
            return Phrases.quote(first().shown());
        }

        /** The {@code auth} step that played this dialogue, if one did. */
        Optional<ClientScript.Auth> step(Evidence ev) {
            return ServerView.step(ev, first())
                    .filter(s -> s instanceof ClientScript.Auth)
                    .map(s -> (ClientScript.Auth) s);
        }

        /**
         * What the scenario expects as the dialogue's final reply: its {@code auth} step's {@code expect}, or that of
         * the {@code send} step that sent its last line.
         */
        Optional<ClientScript.Expect> expected(Evidence ev) {
            Optional<ClientScript.Auth> a = step(ev);
            return a.isPresent() ? Optional.of(a.get().expect()) : ServerView.scripted(ev, last());
        }

        /** Whether the scenario means this dialogue to succeed (its credentials are the good ones). */
        boolean meantToSucceed(Evidence ev) {
            return expected(ev).map(x -> x.accepts(235)).orElse(false);
        }

        String who(Evidence ev) {
            return step(ev).map(a -> " (user " + a.user() + ")").orElse("");
        }
    }

    static List<AuthTry> authTries(Evidence ev) {
        List<AuthTry> out = new ArrayList<>();
        for (Dialogue d : ev.dialogues()) {
            d.authAttempts().forEach(a -> out.add(new AuthTry(d, a)));
        }
        return out;
    }

    static final class EhloExtensions extends BaseCheck {
        EhloExtensions() {
            super(
                    Level.MUST,
                    "server-ehlo-extensions",
                    Category.EXTENSIONS,
                    Set.of(Target.SERVER),
                    "lists its extensions in a well-formed multi-line EHLO reply",
                    "RFC 5321 §4.1.1.1, §4.2.1",
                    "Answer EHLO with `250-your.domain`, then one line per extension: a keyword (letters, digits, "
                            + "hyphens), parameters separated by spaces, every line but the last with `250-`: "
                            + "`250-SIZE 10485760\\r\\n250-STARTTLS\\r\\n250 AUTH PLAIN LOGIN\\r\\n`.",
                    Map.of("keywords", ParamKind.STRING_LIST));
        }

        /** Demanding keywords is the course's own choice: RFC 5321 requires no extension. */
        @Override
        public Level level(CheckSpec spec) {
            return spec.listParam("keywords").isEmpty() ? Level.MUST : Level.LAB;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<String> wanted = spec.listParam("keywords");
            List<Dialogue.Exchange> ehlos = ServerView.exchanges(ev, "EHLO");
            if (ehlos.isEmpty()) {
                return ServerView.missing(ev, "EHLO to be sent");
            }
            Dialogue.Exchange firstOk = null;
            Set<String> offered = new TreeSet<>();
            for (Dialogue.Exchange e : ehlos) {
                Outcome o = ServerView.expect(ev, e, Set.of(250), "250");
                if (o != null) {
                    return o;
                }
                if (e.code() != 250) {
                    continue;
                }
                Outcome bad = malformed(e);
                if (bad != null) {
                    return bad;
                }
                firstOk = firstOk == null ? e : firstOk;
                offered.addAll(Esmtp.keywords(e.reply().value()).keySet());
            }
            if (firstOk == null) {
                return Outcome.skip("EHLO was refused as the scenario allows; no extension list to judge");
            }
            Map<String, List<String>> first = Esmtp.keywords(firstOk.reply().value());
            for (String k : wanted) {
                if (!first.containsKey(k.toUpperCase(Locale.ROOT))) {
                    return Outcome.fail(
                            "the EHLO reply does not list " + k + " (the lab asks for " + String.join(", ", wanted)
                                    + "): " + ServerView.exchange(firstOk),
                            firstOk.reply().firstSeq());
                }
            }
            if (offered.isEmpty()) {
                return Outcome.skip("the server lists no extensions (a one-line 250 to EHLO), which RFC 5321 allows");
            }
            return Outcome.pass(
                    "EHLO lists " + String.join(", ", first.keySet()) + ": " + ServerView.exchange(firstOk),
                    firstOk.reply().firstSeq());
        }

        /** The first way the reply's extension lines break RFC 5321 §4.1.1.1 or their own RFC; null when none. */
        private static Outcome malformed(Dialogue.Exchange e) {
            Reply r = e.reply().value();
            int seq = e.reply().firstSeq();
            Set<String> seen = new HashSet<>();
            for (int k = 1; k < r.lines().size(); k++) {
                String text = r.lines().get(k).text().strip();
                String line =
                        "EHLO line " + (k + 1) + " `" + r.lines().get(k).line().shown() + "`";
                if (text.isEmpty()) {
                    if (k == r.lines().size() - 1) {
                        continue; // RFC 5321 §4.2 asks clients to cope with a last line without text (smtp-sink)
                    }
                    return Outcome.fail(line + " names no extension", seq);
                }
                String[] words = text.split(" +");
                String kw = words[0].toUpperCase(Locale.ROOT);
                if (!KEYWORD.matcher(words[0]).matches()) {
                    return Outcome.fail(
                            line + " does not start with an extension keyword (letters, digits and "
                                    + "hyphens, then parameters separated by spaces)",
                            seq);
                }
                for (int w = 1; w < words.length; w++) {
                    if (!PARAM.matcher(words[w]).matches()) {
                        return Outcome.fail(
                                line + ": the parameter `" + Phrases.escape(words[w])
                                        + "` holds characters outside printable ASCII",
                                seq);
                    }
                }
                if (!seen.add(kw)) {
                    return Outcome.fail(line + " lists " + kw + " a second time", seq);
                }
                if (NO_PARAMS.containsKey(kw) && words.length > 1) {
                    return Outcome.fail(line + ": " + kw + " takes no parameter (" + NO_PARAMS.get(kw) + ")", seq);
                }
                if (kw.equals("SIZE") && (words.length > 2 || (words.length == 2 && !words[1].matches("[0-9]+")))) {
                    return Outcome.fail(
                            line + ": SIZE takes at most one parameter, the size limit in octets " + "(RFC 1870 §4)",
                            seq);
                }
                if (kw.equals("AUTH")) {
                    if (words.length == 1) {
                        return Outcome.fail(
                                line + ": AUTH must list its mechanisms, e.g. `AUTH PLAIN LOGIN` " + "(RFC 4954 §3)",
                                seq);
                    }
                    for (int w = 1; w < words.length; w++) {
                        if (!MECHANISM.matcher(words[w]).matches()) {
                            return Outcome.fail(
                                    line + ": `" + Phrases.escape(words[w]) + "` is not a SASL mechanism "
                                            + "name (upper-case letters, digits, `-` and `_`, at most 20; RFC 4954 §3)",
                                    seq);
                        }
                    }
                }
            }
            return null;
        }
    }

    static final class StartTls extends BaseCheck {
        StartTls() {
            super(
                    Level.MUST,
                    "server-starttls",
                    Category.TLS,
                    Set.of(Target.SERVER),
                    "offers STARTTLS, answers it with 220, completes the TLS handshake, and answers EHLO inside TLS "
                            + "without offering STARTTLS again",
                    "RFC 3207 §4, §4.2",
                    "List STARTTLS in the EHLO reply; on STARTTLS answer `220 Ready to start TLS`, then wrap the "
                            + "socket (Python: `ctx.wrap_socket(conn, server_side=True)`) and read the next command "
                            + "through TLS. Forget the client's EHLO: the next EHLO reply must not list STARTTLS.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Outcome last = null;
            for (Dialogue d : ev.dialogues()) {
                for (Dialogue.Exchange e : d.commands("STARTTLS")) {
                    if (e.tls()) {
                        continue; // a STARTTLS inside TLS: RFC 3207 leaves its answer open
                    }
                    Outcome o = judge(ev, d, e);
                    if (o.status() != Status.PASSED) {
                        return o;
                    }
                    last = o;
                }
            }
            return last != null ? last : ServerView.missing(ev, "STARTTLS to be sent");
        }

        private static Outcome judge(Evidence ev, Dialogue d, Dialogue.Exchange e) {
            Reply before = Esmtp.ehloBefore(d, e.line().firstSeq(), false);
            if (before != null && !Esmtp.keywords(before).containsKey("STARTTLS")) {
                return Outcome.fail(
                        "the EHLO reply before STARTTLS does not offer STARTTLS (RFC 3207 §4): "
                                + Phrases.reply(before),
                        e.line().firstSeq());
            }
            Outcome o = ServerView.expect(ev, e, Set.of(220), "220");
            if (o != null) {
                return o;
            }
            if (e.code() != 220) {
                return Outcome.pass(ServerView.exchange(e) + " (as the scenario expects)", ServerView.seq(e));
            }
            int after = e.reply().lastSeq();
            Entry tls = d.entries().stream()
                    .filter(x -> x.seq() > after && (x.is(EventKind.TLS) || x.is(EventKind.TLS_FAILED)))
                    .findFirst()
                    .orElse(null);
            if (tls == null) {
                return ServerView.missing(ev, "the TLS handshake after " + ServerView.exchange(e));
            }
            if (tls.is(EventKind.TLS_FAILED)) {
                return Outcome.fail(
                        "answered STARTTLS with " + Phrases.reply(e.reply().value()) + " but " + tls.note()
                                + " (after 220 the server must start the TLS handshake on the same connection)",
                        tls.seq());
            }
            Dialogue.Exchange ehlo = d.exchanges().stream()
                    .filter(x -> x.tls() && x.is("EHLO"))
                    .findFirst()
                    .orElse(null);
            String done = "STARTTLS got " + e.code() + " and "
                    + tls.note().replaceFirst("^connection \\d+ ", "the connection ");
            if (ehlo == null) {
                return Outcome.pass(done + " (no EHLO was sent inside TLS)", tls.seq());
            }
            Outcome h = ServerView.expect(ev, ehlo, Set.of(250), "250 (EHLO inside TLS)");
            if (h != null) {
                return h;
            }
            if (ehlo.code() == 250 && Esmtp.keywords(ehlo.reply().value()).containsKey("STARTTLS")) {
                return Outcome.fail(
                        "the EHLO reply inside TLS still offers STARTTLS (RFC 3207 §4.2: after the "
                                + "handshake the server forgets the EHLO state and must not offer it again): "
                                + ServerView.exchange(ehlo),
                        ehlo.reply().firstSeq());
            }
            return Outcome.pass(
                    done + "; inside TLS " + ServerView.exchange(ehlo),
                    ehlo.reply().firstSeq());
        }
    }

    /** The dialogues the scenario means to succeed: the server accepts the good credentials, as RFC 4954 §4 plays it. */
    static final class Auth extends BaseCheck {
        Auth() {
            super(
                    Level.MUST,
                    "server-auth",
                    Category.AUTH,
                    Set.of(Target.SERVER),
                    "offers AUTH with the mechanism in its EHLO reply and accepts the scenario's credentials with 235, "
                            + "challenges in base64",
                    "RFC 4954 §3, §4, §6; RFC 4616",
                    "List `AUTH PLAIN LOGIN` in the EHLO reply. PLAIN: decode the base64 after `AUTH PLAIN` (or after "
                            + "your `334 ` challenge) into authzid NUL user NUL password. LOGIN: send `334 VXNlcm5hbWU6` "
                            + "and `334 UGFzc3dvcmQ6`, decode each answer. Answer 235 for the right password.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<AuthTry> tries =
                    authTries(ev).stream().filter(t -> t.meantToSucceed(ev)).toList();
            if (tries.isEmpty()) {
                return ServerView.missing(ev, "AUTH with the scenario's credentials to be sent");
            }
            List<String> ok = new ArrayList<>();
            for (AuthTry t : tries) {
                Reply ehlo = Esmtp.ehloBefore(t.dialogue(), t.first().line().firstSeq(), false);
                if (ehlo != null) {
                    List<String> mechs = Esmtp.keywords(ehlo).get("AUTH");
                    if (mechs == null || mechs.stream().noneMatch(m -> m.equalsIgnoreCase(t.mechanism()))) {
                        return Outcome.fail(
                                "the EHLO reply before " + t.shown() + " does not offer AUTH "
                                        + t.mechanism() + " (RFC 4954 §3: `250-AUTH " + t.mechanism() + " ...`): "
                                        + Phrases.reply(ehlo),
                                t.first().line().firstSeq());
                    }
                }
                for (Dialogue.Exchange x : t.parts()) {
                    if (x.code() == 334) {
                        String text = x.reply().value().lines().get(0).text().strip();
                        if (!Esmtp.base64(text)) {
                            return Outcome.fail(
                                    "the challenge " + Phrases.reply(x.reply().value()) + " is not base64 "
                                            + "(RFC 4954 §4: the text of a 334 is the base64-encoded challenge; LOGIN's are "
                                            + "`VXNlcm5hbWU6` and `UGFzc3dvcmQ6`)",
                                    x.reply().firstSeq());
                        }
                    }
                }
                Dialogue.Exchange last = t.last();
                if (!last.hasReply()) {
                    return ServerView.missing(ev, "the reply to " + Phrases.quote(last.shown()) + " in " + t.shown());
                }
                if (last.is("AUTH-ANSWER")
                        && last.secret().isEmpty()
                        && "*".equals(last.line().value().text().strip())) {
                    return Outcome.fail(
                            "the server sent more challenges than " + t.mechanism() + " has answers for, "
                                    + "so the client cancelled with `*`: "
                                    + ServerView.exchange(
                                            t.parts().get(t.parts().size() - 2)),
                            last.line().firstSeq());
                }
                ClientScript.Expect want = t.expected(ev).orElseThrow();
                if (!want.accepts(last.code())) {
                    return Outcome.fail(
                            "expected " + want.shown() + " to " + t.shown() + t.who(ev) + ", got "
                                    + Phrases.reply(last.reply().value())
                                    + (last.code() == 334
                                            ? ""
                                            : " after " + (t.parts().size() - 1) + " challenge(s)"),
                            last.reply().firstSeq());
                }
                ok.add("AUTH " + t.mechanism() + t.who(ev) + " got "
                        + Phrases.reply(last.reply().value()));
            }
            return Outcome.pass(
                    String.join("; ", ok), tries.get(0).last().reply().firstSeq());
        }
    }

    /** The AUTH dialogues a server must refuse, each with the code RFC 4954 gives (or the scenario's). */
    static final class AuthErrors extends BaseCheck {
        AuthErrors() {
            super(
                    Level.MUST,
                    "server-auth-errors",
                    Category.AUTH,
                    Set.of(Target.SERVER),
                    "refuses AUTH as RFC 4954 says: 535 for wrong credentials, 501 for `*` or bad base64, 504 for a "
                            + "mechanism it does not offer, 503 once authenticated",
                    "RFC 4954 §4, §6",
                    "Check the password and answer `535 5.7.8 Authentication credentials invalid` when it is wrong. "
                            + "A client answer `*` cancels: 501. Base64 you cannot decode: 501. An unknown mechanism: "
                            + "504. A second AUTH after 235: 503.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<String> ok = new ArrayList<>();
            Map<Dialogue, Boolean> authenticated = new HashMap<>();
            for (AuthTry t : authTries(ev)) {
                boolean already = authenticated.getOrDefault(t.dialogue(), false) && !tlsBetween(t);
                String why = rfcCase(t, already);
                Optional<ClientScript.Expect> scripted = t.expected(ev);
                if (t.last().code() == 235) {
                    authenticated.put(t.dialogue(), true);
                }
                if (why == null && scripted.map(x -> x.accepts(235)).orElse(true)) {
                    continue; // credentials meant to succeed (server-auth's business), or nothing to tell
                }
                if (why == null) {
                    why = "credentials the scenario expects refused" + t.who(ev);
                }
                Dialogue.Exchange last = t.last();
                if (!last.hasReply()) {
                    return ServerView.missing(ev, "a reply to " + Phrases.quote(last.shown()) + " (" + why + ")");
                }
                Set<Integer> rfc = wanted(why);
                boolean accepted = scripted.map(x -> x.accepts(last.code())).orElse(rfc.contains(last.code()));
                if (!accepted) {
                    return Outcome.fail(
                            why + ": expected "
                                    + scripted.map(ClientScript.Expect::shown).orElse(ServerView.codes(rfc)) + " to "
                                    + t.shown()
                                    + (t.parts().size() > 1 ? " (answer " + Phrases.quote(last.shown()) + ")" : "")
                                    + ", got "
                                    + Phrases.reply(last.reply().value()),
                            last.reply().firstSeq());
                }
                ok.add(why + " got " + last.code());
            }
            if (ok.isEmpty()) {
                return ServerView.missing(ev, "an AUTH the server must refuse to be sent");
            }
            return Outcome.pass(String.join("; ", ok));
        }

        private static Set<Integer> wanted(String why) {
            if (why.startsWith("a second AUTH")) {
                return Set.of(503);
            }
            if (why.startsWith("a mechanism")) {
                return Set.of(504);
            }
            if (why.startsWith("credentials")) {
                return Set.of(535);
            }
            return Set.of(501);
        }

        /** Why RFC 4954 §4 wants this dialogue refused, or null when it leaves the verdict to the credentials. */
        private static String rfcCase(AuthTry t, boolean already) {
            if (already) {
                return "a second AUTH after a successful one";
            }
            if (t.mechanism().isEmpty()) {
                return "AUTH without a mechanism";
            }
            Reply ehlo = Esmtp.ehloBefore(t.dialogue(), t.first().line().firstSeq(), false);
            List<String> mechs = ehlo == null ? null : Esmtp.keywords(ehlo).get("AUTH");
            if (mechs != null && mechs.stream().noneMatch(m -> m.equalsIgnoreCase(t.mechanism()))) {
                return "a mechanism (" + t.mechanism() + ") the EHLO reply does not offer";
            }
            String initial = t.initialResponse();
            if (initial != null && !initial.equals("=") && !Esmtp.base64(initial)) {
                return "an initial response that is not base64";
            }
            for (Dialogue.Exchange x : t.parts().subList(1, t.parts().size())) {
                String answer = x.line().value().text().strip();
                if (answer.equals("*")) {
                    return "`*` cancelling the dialogue";
                }
                if (!Esmtp.base64(answer)) {
                    return "an answer that is not base64";
                }
            }
            return null;
        }

        /** Whether STARTTLS turned the connection to TLS since the session's earlier AUTH (RFC 3207 §4.2 resets it). */
        private static boolean tlsBetween(AuthTry t) {
            boolean auth = false;
            for (Dialogue.Exchange x : t.dialogue().exchanges()) {
                if (x == t.first()) {
                    return false;
                }
                if (x.is("AUTH") || x.is("AUTH-ANSWER")) {
                    auth |= x.code() == 235;
                } else if (auth && x.is("STARTTLS") && x.code() == 220) {
                    return true;
                }
            }
            return false;
        }
    }

    /** RFC 4954 §4 and RFC 8314: a password in plain text is not to be taken. */
    static final class AuthNeedsTls extends BaseCheck {
        AuthNeedsTls() {
            super(
                    Level.SHOULD,
                    "server-auth-needs-tls",
                    Category.AUTH,
                    Set.of(Target.SERVER),
                    "refuses AUTH PLAIN and LOGIN before STARTTLS, and accepts them inside TLS",
                    "RFC 4954 §4, §14; RFC 3207 §4.1",
                    "Do not take a password over an unencrypted connection: before STARTTLS answer AUTH with "
                            + "`530 5.7.0 Must issue a STARTTLS command first` (and list AUTH in the EHLO reply only "
                            + "inside TLS); after STARTTLS authenticate as usual.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<AuthTry> all = authTries(ev);
            List<AuthTry> plain = all.stream()
                    .filter(t -> !t.first().tls()
                            && (t.mechanism().equals("PLAIN") || t.mechanism().equals("LOGIN")))
                    .toList();
            if (plain.isEmpty()) {
                return ServerView.missing(ev, "AUTH PLAIN or LOGIN before STARTTLS to be sent");
            }
            for (AuthTry t : plain) {
                Dialogue.Exchange first = t.first();
                if (!first.hasReply()) {
                    return ServerView.missing(ev, "a reply to " + t.shown() + " (before STARTTLS)");
                }
                if (first.code() < 400) {
                    return Outcome.fail(
                            "answered " + t.shown() + " before STARTTLS with "
                                    + Phrases.reply(first.reply().value()) + ": it "
                                    + (first.code() == 334 ? "goes on to take the password" : "takes the password")
                                    + " in plain text; refuse AUTH "
                                    + "until TLS is on (530)",
                            first.reply().firstSeq());
                }
                Optional<ClientScript.Expect> want = t.expected(ev);
                if (want.isPresent() && !want.get().accepts(first.code())) {
                    return Outcome.fail(
                            "expected " + want.get().shown() + " to " + t.shown() + " before STARTTLS, got "
                                    + Phrases.reply(first.reply().value()),
                            first.reply().firstSeq());
                }
            }
            AuthTry inside = all.stream()
                    .filter(t -> t.first().tls() && t.last().code() == 235)
                    .findFirst()
                    .orElse(null);
            if (inside == null) {
                return Outcome.fail(
                        "refused AUTH before STARTTLS ("
                                + ServerView.exchange(plain.get(0).first())
                                + ") but never accepted it inside TLS either, so the refusal says nothing about TLS"
                                + (all.stream().anyMatch(t -> t.first().tls()) ? "" : " (no AUTH was sent inside TLS)"),
                        ServerView.seq(plain.get(0).first()));
            }
            return Outcome.pass(
                    "before STARTTLS " + ServerView.exchange(plain.get(0).first()) + "; inside TLS " + inside.shown()
                            + " got " + Phrases.reply(inside.last().reply().value()),
                    inside.last().reply().firstSeq());
        }
    }
}
