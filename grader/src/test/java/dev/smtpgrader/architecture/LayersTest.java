package dev.smtpgrader.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packages flow one way: each level uses only the levels below it, and packages on one level do not use each
 * other. The levels are those docs/architecture.md draws; a change that needs an arrow upwards belongs elsewhere.
 */
class LayersTest {
    /** Top to bottom; packages on one line share a level. */
    static final List<List<String>> LEVELS = List.of(
            List.of("cli"),
            List.of("batch", "gradescope"),
            List.of("grading"),
            List.of("submission"),
            List.of("byhand", "record", "fuzz"),
            List.of("engine"),
            List.of("run"),
            List.of("report"),
            List.of("check"),
            List.of("fakeserver", "scriptedclient"),
            List.of("source"),
            List.of("scenario"),
            List.of("netns"),
            List.of("wire"),
            List.of("transcript", "process", "tls", "lms"),
            List.of("project"));

    private static JavaClasses classes;

    @BeforeAll
    static void read() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.smtpgrader");
    }

    @Test
    void eachLevelUsesOnlyTheLevelsBelowIt() {
        Architectures.LayeredArchitecture layers =
                Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> level : LEVELS) {
            for (String p : level) {
                layers = layers.layer(p).definedBy("dev.smtpgrader." + p + "..");
            }
        }
        for (int i = 0; i < LEVELS.size(); i++) {
            List<String> above = new ArrayList<>();
            LEVELS.subList(0, i).forEach(above::addAll);
            for (String p : LEVELS.get(i)) {
                layers = above.isEmpty()
                        ? layers.whereLayer(p).mayNotBeAccessedByAnyLayer()
                        : layers.whereLayer(p).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        layers.withOptionalLayers(true).check(classes);
    }

    @Test
    void packagesOnOneLevelDoNotUseEachOther() {
        for (List<String> level : LEVELS) {
            for (String a : level) {
                for (String b : level) {
                    if (!a.equals(b)) {
                        noClasses()
                                .that()
                                .resideInAPackage("dev.smtpgrader." + a + "..")
                                .should()
                                .dependOnClassesThat()
                                .resideInAPackage("dev.smtpgrader." + b + "..")
                                .allowEmptyShould(true)
                                .check(classes);
                    }
                }
            }
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.smtpgrader.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageHasALevel() {
        List<String> known = LEVELS.stream().flatMap(List::stream).toList();
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        known.stream().map(p -> "dev.smtpgrader." + p + "..").toArray(String[]::new))
                .should()
                .resideInAPackage("dev.smtpgrader..")
                .because("every package of the grader must be placed on a level of LayersTest")
                .allowEmptyShould(true)
                .check(classes);
    }
}
