package dev.smtpgrader.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Before each test, starts the fake SMTP server of a client scenario on a free port of 127.0.0.1 and hands the test a
 * {@link FakeSmtpServer} (a parameter, or a field of that type); the server stops after the test. On a test method
 * it overrides one on the class.
 *
 * <pre>{@code
 * @Test
 * @FakeSmtp("basic-delivery")
 * void sends(FakeSmtpServer smtp) throws Exception {
 *     new MyClient(smtp.host(), smtp.port()).send(...);
 *     smtp.assertPassed();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SmtpGraderExtension.class)
public @interface FakeSmtp {
    /** The id of a client scenario of the shipped library ({@code basic-delivery}, {@code greeting-421}, ...). */
    String value() default "";

    /** Instead of an id: the path of a scenario file, relative to the working folder (the project's, in Maven). */
    String file() default "";
}
