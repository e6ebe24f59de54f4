package dev.smtpgrader.netns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The name server of a run's network namespace: every name gets an IPv4 address of its own from the benchmarking
 * range 198.18.0.0/15 (never a real host), so that the program's connection, which the namespace takes to the fake
 * server anyway, still tells which name it meant. IPv6 lookups get no address, so programs fall back to IPv4.
 */
final class NameServer implements AutoCloseable {
    static final int PORT = 53;
    private static final int TTL = 60;

    private final DatagramSocket socket;
    /** Names kept with an address of their own; a name is at most 253 characters, so this bounds the memory kept. */
    static final int MAX_NAMES = 200;
    /** A name is shown up to this long in the run's note. */
    private static final int MAX_SHOWN = 80;
    /** The address every name beyond {@link #MAX_NAMES} gets (outside the range the kept names are given). */
    private static final InetAddress OVERFLOW = address(new byte[] {(byte) 198, (byte) 19, (byte) 255, (byte) 254});

    private final Map<String, InetAddress> byName = new LinkedHashMap<>();
    private long more;

    NameServer(DatagramSocket socket) {
        this.socket = socket;
    }

    /** Must run on the namespace's thread: the socket is made in the namespace. */
    static NameServer start() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(PORT));
        NameServer ns = new NameServer(s);
        Thread t = new Thread(ns::serve, "netns-names");
        t.setDaemon(true);
        t.start();
        return ns;
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] answer = answer(Arrays.copyOf(p.getData(), p.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    byte[] answer(byte[] query) {
        Message q;
        try {
            q = new Message(query);
        } catch (IOException e) {
            return null;
        }
        Record question = q.getQuestion();
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        r.getHeader().setFlag(Flags.RA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        if (question == null) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r.toWire();
        }
        r.addRecord(question, Section.QUESTION);
        if (question.getType() == Type.A && question.getDClass() == DClass.IN) {
            r.addRecord(
                    new ARecord(
                            question.getName(),
                            DClass.IN,
                            TTL,
                            addressFor(question.getName().toString(true))),
                    Section.ANSWER);
        }
        return r.toWire();
    }

    synchronized InetAddress addressFor(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        InetAddress known = byName.get(key);
        if (known != null) {
            return known;
        }
        if (byName.size() >= MAX_NAMES) {
            // the grader's memory is not the program's to fill: further names share one address and are only counted
            more++;
            return OVERFLOW;
        }
        int n = byName.size() + 1;
        InetAddress a = address(new byte[] {(byte) 198, (byte) 18, (byte) (n >> 8), (byte) n});
        byName.put(key, a);
        return a;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Optional<String> nameOf(String address) {
        if (more > 0 && address.equals(OVERFLOW.getHostAddress())) {
            return Optional.of("one of " + more + " names asked beyond the first " + MAX_NAMES);
        }
        return byName.entrySet().stream()
                .filter(e -> e.getValue().getHostAddress().equals(address))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The names kept, each with its address (at most {@link #MAX_NAMES}, each cut), then how many more were asked. */
    synchronized List<String> answered() {
        List<String> out = new ArrayList<>();
        byName.forEach((k, v) ->
                out.add((k.length() > MAX_SHOWN ? k.substring(0, MAX_SHOWN) + "…" : k) + " → " + v.getHostAddress()));
        if (more > 0) {
            out.add("and " + more + " more (each answered with " + OVERFLOW.getHostAddress() + ")");
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
