package dev.smtpgrader.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes bytes as one or several TCP writes, with pauses between them: how "split" and "slow" peers are played. */
public final class ChunkedWriter {
    /** Called just before each write with the bytes about to go out. */
    public interface Recorder {
        void wrote(byte[] bytes);
    }

    private final OutputStream out;
    private final Recorder recorder;

    public ChunkedWriter(OutputStream out, Recorder recorder) {
        this.out = out;
        this.recorder = recorder;
    }

    /**
     * @param chunkBytes cut every this many bytes (0: no cut by size)
     * @param perLine    cut after every LF
     * @param pauseMillis scripted pause between writes
     */
    public void write(byte[] bytes, int chunkBytes, boolean perLine, long pauseMillis) throws IOException, InterruptedException {
        List<byte[]> parts = cut(bytes, chunkBytes, perLine);
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0 && pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
            // Recorded before the write: once the bytes are out the peer may react at once, and its reaction must
            // never appear in the transcript before what caused it.
            recorder.wrote(parts.get(i));
            out.write(parts.get(i));
            out.flush();
        }
    }

    public void write(byte[] bytes) throws IOException, InterruptedException {
        write(bytes, 0, false, 0);
    }

    static List<byte[]> cut(byte[] bytes, int chunkBytes, boolean perLine) {
        List<byte[]> pieces = new ArrayList<>();
        if (perLine) {
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    pieces.add(Arrays.copyOfRange(bytes, start, i + 1));
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                pieces.add(Arrays.copyOfRange(bytes, start, bytes.length));
            }
        } else {
            pieces.add(bytes);
        }
        if (chunkBytes <= 0) {
            return pieces;
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : pieces) {
            for (int i = 0; i < p.length; i += chunkBytes) {
                out.add(Arrays.copyOfRange(p, i, Math.min(p.length, i + chunkBytes)));
            }
        }
        return out;
    }
}
