package dev.smtpgrader.source;

/** A decision and why: "server (binds 127.0.0.1:8080 at server.py line 4)". */
public record Finding<T>(T value, String reason) {}
