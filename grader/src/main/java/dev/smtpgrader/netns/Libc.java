package dev.smtpgrader.netns;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few Linux calls Java has no API for: a thread's own network namespace. */
interface Libc extends Library {
    int CLONE_NEWNET = 0x40000000;

    /** Null where there is no C library to load (not Linux): namespaces are then simply unavailable. */
    Libc INSTANCE = load();

    private static Libc load() {
        try {
            return Native.load("c", Libc.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Moves the calling thread (only) into a new network namespace. */
    int unshare(int flags);

    int gettid();

    int geteuid();
}
