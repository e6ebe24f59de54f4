package dev.smtpgrader.engine;

/**
 * How a check that does not apply to a program counts: left out of the total (default), given its points, or scored
 * zero. An assignment decides; the default never rewards nor punishes what was not tested.
 */
public enum SkippedPolicy {
    EXCLUDE, AWARD, ZERO
}
