package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/** The test tree: one container per scenario, one test per check. */
final class Descriptors {
    private Descriptors() {
    }

    static final class ScenarioDescriptor extends AbstractTestDescriptor {
        final Scenario scenario;
        final int index;

        ScenarioDescriptor(UniqueId parent, Scenario scenario, int index) {
            super(parent.append("scenario", scenario.id()), scenario.id(), source(scenario, 1, 1));
            this.scenario = scenario;
            this.index = index;
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }

        @Override
        public String getLegacyReportingName() {
            return scenario.id();
        }
    }

    static final class CheckDescriptor extends AbstractTestDescriptor {
        final CheckSpec spec;

        CheckDescriptor(UniqueId parent, Scenario scenario, CheckSpec spec) {
            super(parent.append("check", spec.id()), spec.id(), source(scenario, spec.at().line(), spec.at().column()));
            this.spec = spec;
        }

        @Override
        public Type getType() {
            return Type.TEST;
        }
    }

    private static TestSource source(Scenario s, int line, int column) {
        return s.source() == null ? null : FileSource.from(s.source().toFile(), FilePosition.from(line, column));
    }
}
