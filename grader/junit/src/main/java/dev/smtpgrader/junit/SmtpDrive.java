package dev.smtpgrader.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hands the test an {@link SmtpDriver} (a parameter, or a field of that type) that plays a server scenario's scripted
 * client against the SMTP server the test starts, on the port the test gives. On a test method it overrides one on
 * the class.
 *
 * <pre>{@code
 * @Test
 * @SmtpDrive("server-transaction")
 * void accepts(SmtpDriver client) throws Exception {
 *     try (MyServer server = MyServer.start(0)) {
 *         client.drive(server.port()).assertPassed();
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SmtpGraderExtension.class)
public @interface SmtpDrive {
    /** The id of a server scenario of the shipped library ({@code server-transaction}, {@code server-quit}, ...). */
    String value() default "";

    /** Instead of an id: the path of a scenario file, relative to the working folder (the project's, in Maven). */
    String file() default "";
}
