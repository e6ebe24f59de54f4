package dev.smtpgrader.scenario;

/**
 * How a reply is cut into TCP writes: every {@code chunkBytes} bytes, or at line ends when {@code perLine}, with a
 * pause between writes. Each write is flushed on its own so that the peer sees separate segments.
 */
public record Split(int chunkBytes, boolean perLine, long pauseMs) {
}
