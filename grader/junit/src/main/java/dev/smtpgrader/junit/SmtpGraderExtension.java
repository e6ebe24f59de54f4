package dev.smtpgrader.junit;

import dev.smtpgrader.cli.ScenarioArgument;
import dev.smtpgrader.cli.UserError;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link FakeSmtp} and {@link SmtpDrive} register: before each test, the scenario's fake server started (or its
 * scripted client made ready), handed to the test as a parameter or set in its fields of that type; after the test,
 * the server stopped (the store closes it: {@link FakeSmtpServer} is a closeable resource).
 */
public final class SmtpGraderExtension implements BeforeEachCallback, ParameterResolver {
    private static final Map<String, Scenario> LIBRARY = new ConcurrentHashMap<>();
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SmtpGraderExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        Optional<FakeSmtp> fake = annotation(context, FakeSmtp.class);
        if (fake.isPresent()) {
            FakeSmtpServer server = server(context, fake.get());
            inject(test, FakeSmtpServer.class, server);
        }
        Optional<SmtpDrive> drive = annotation(context, SmtpDrive.class);
        if (drive.isPresent()) {
            inject(test, SmtpDriver.class, driver(context, drive.get()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeSmtpServer.class
                        && annotation(context, FakeSmtp.class).isPresent()
                || type == SmtpDriver.class
                        && annotation(context, SmtpDrive.class).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return parameter.getParameter().getType() == FakeSmtpServer.class
                    ? server(context, annotation(context, FakeSmtp.class).orElseThrow())
                    : driver(context, annotation(context, SmtpDrive.class).orElseThrow());
        } catch (Exception e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** The test's server, started once per test whether a field or a parameter asks for it. */
    private static FakeSmtpServer server(ExtensionContext context, FakeSmtp a) {
        return context.getStore(NS)
                .getOrComputeIfAbsent(
                        FakeSmtpServer.class,
                        k -> {
                            try {
                                return FakeSmtpServer.start(scenario(a.value(), a.file(), Target.CLIENT, "@FakeSmtp"));
                            } catch (IOException e) {
                                throw new UncheckedIOException(
                                        "@FakeSmtp: the fake server did not start: " + e.getMessage(), e);
                            }
                        },
                        FakeSmtpServer.class);
    }

    private static SmtpDriver driver(ExtensionContext context, SmtpDrive a) {
        return context.getStore(NS)
                .getOrComputeIfAbsent(
                        SmtpDriver.class,
                        k -> new SmtpDriver(scenario(a.value(), a.file(), Target.SERVER, "@SmtpDrive")),
                        SmtpDriver.class);
    }

    private static Scenario scenario(String id, String file, Target target, String who) {
        if (id.isBlank() == file.isBlank()) {
            throw new ExtensionConfigurationException(
                    who + ": name a scenario, either by its id (" + who + "(\"...\")) or by its file (file = \"...\")");
        }
        try {
            // the library is read once per JVM (reading it is most of a short test's time); a file each time
            return id.isBlank()
                    ? ScenarioArgument.resolve(file, target, who)
                    : LIBRARY.computeIfAbsent(target + " " + id, k -> ScenarioArgument.resolve(id, target, who));
        } catch (UserError e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** The annotation on the test method, else on its class or an enclosing one. */
    private static <A extends Annotation> Optional<A> annotation(ExtensionContext context, Class<A> type) {
        Optional<A> own = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, type));
        if (own.isPresent()) {
            return own;
        }
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = enclosing(c.get())) {
            Optional<A> found = AnnotationSupport.findAnnotation((AnnotatedElement) c.get(), type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> enclosing(Class<?> c) {
        return Modifier.isStatic(c.getModifiers()) ? Optional.empty() : Optional.ofNullable(c.getEnclosingClass());
    }

    /** Sets the test's non-static fields of that type (its own and its superclasses'). */
    private static void inject(Object test, Class<?> type, Object value) throws IllegalAccessException {
        for (Class<?> c = test.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == type && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(test, value);
                }
            }
        }
    }
}
