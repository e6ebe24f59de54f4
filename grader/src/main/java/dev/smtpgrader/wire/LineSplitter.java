package dev.smtpgrader.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream into lines at every LF, remembering whether a CR came before it. A CR elsewhere stays part
 * of the content: it is not a line end in SMTP, and checks report it as such.
 */
public final class LineSplitter {
    private LineSplitter() {}

    /** Splits a finished stream; trailing bytes without LF become a last line ending {@link LineEnding#NONE}. */
    public static List<Line> split(byte[] stream, long baseOffset) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\n') {
                lines.add(make(stream, start, i, baseOffset));
                start = i + 1;
            }
        }
        if (start < stream.length) {
            lines.add(new Line(
                    Arrays.copyOfRange(stream, start, stream.length),
                    LineEnding.NONE,
                    baseOffset + start,
                    baseOffset + stream.length));
        }
        return lines;
    }

    public static List<Line> split(byte[] stream) {
        return split(stream, 0);
    }

    /** Builds the line that ends with the LF at {@code lf}. */
    static Line make(byte[] b, int start, int lf, long baseOffset) {
        boolean cr = lf > start && b[lf - 1] == '\r';
        int contentEnd = cr ? lf - 1 : lf;
        return new Line(
                Arrays.copyOfRange(b, start, contentEnd),
                cr ? LineEnding.CRLF : LineEnding.LF,
                baseOffset + start,
                baseOffset + lf + 1);
    }
}
