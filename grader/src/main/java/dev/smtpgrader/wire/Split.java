package dev.smtpgrader.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * How bytes are cut into TCP writes, the same for the fake server's replies and the scripted client's commands: at
 * byte offsets, after every line, every few bytes, or any mix of these, with a pause between writes. Each piece is
 * written and flushed on its own (TCP_NODELAY), so that the peer sees separate segments.
 *
 * @param at         byte offsets to cut at, increasing (empty: none)
 * @param chunkBytes cut every this many bytes within each piece (0: not by size)
 * @param perLine    cut after every LF
 * @param pauseMs    scripted pause between two writes
 */
public record Split(List<Integer> at, int chunkBytes, boolean perLine, long pauseMs) {

    public Split {
        at = List.copyOf(at);
    }

    /** The pieces, in order; together exactly the bytes given. */
    public List<byte[]> cut(byte[] bytes) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int a : at) {
            if (a > 0 && a < bytes.length) {
                cuts.add(a);
            }
        }
        if (perLine) {
            for (int i = 0; i < bytes.length - 1; i++) {
                if (bytes[i] == '\n') {
                    cuts.add(i + 1);
                }
            }
        }
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        cuts.add(bytes.length);
        for (int to : cuts) {
            for (int start = from; start < to; ) {
                int end = chunkBytes > 0 ? Math.min(to, start + chunkBytes) : to;
                pieces.add(Arrays.copyOfRange(bytes, start, end));
                start = end;
            }
            from = to;
        }
        return pieces;
    }
}
