package dev.quire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that starts another process (Chromium through Playwright, or anything through {@link ProcessBuilder}: Node,
 * a child JVM) must carry {@code @Tag("heavy")}, on its method or its class, so that it runs in the verify phase
 * and never in {@code mvn package} (server/pom.xml). Reaching a process is followed through the helpers of the test
 * sources and through the test class's own methods; lifecycle methods, constructors and extensions that reach one
 * need the tag on the class.
 */
class HeavyTestTagsTest {
    private static final String HEAVY = "heavy";
    private static final Set<String> TEST_ANNOTATIONS = Set.of("org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory", "org.junit.jupiter.api.TestTemplate");

    private static JavaClasses tests;

    @BeforeAll
    static void importTests() {
        tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.quire");
    }

    @Test
    void everyTestThatStartsAProcess_isTaggedHeavy() {
        Set<JavaCodeUnit> starting = startingCodeUnits();
        Set<String> untagged = new TreeSet<>();
        for (JavaClass type : tests) {
            if (!type.getName().endsWith("Test")) {
                continue; // helpers: what reaches them is checked where a test calls them
            }
            boolean classTagged = taggedHeavy(type);
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!starting.contains(unit) || classTagged) {
                    continue;
                }
                boolean isTest = unit.getAnnotations().stream()
                        .anyMatch(a -> TEST_ANNOTATIONS.contains(a.getRawType().getName()));
                if (isTest && !unit.isAnnotatedWith(Tag.class)) {
                    untagged.add(unit.getFullName());
                } else if (isTest && !HEAVY.equals(unit.getAnnotationOfType(Tag.class).value())) {
                    untagged.add(unit.getFullName());
                } else if (isLifecycle(unit)) {
                    untagged.add(unit.getFullName() + " (a lifecycle method or constructor: tag the class)");
                }
            }
            extensionStartingProcesses(type, starting).filter(e -> !classTagged)
                    .ifPresent(e -> untagged.add(type.getName() + " (its extension " + e + " starts one: tag the class)"));
        }
        assertEquals(List.of(), List.copyOf(untagged), "tests that start a process without @Tag(\"" + HEAVY + "\")");
    }

    @Test
    void theCheck_seesTheKnownProcessStarters() {
        Set<JavaCodeUnit> starting = startingCodeUnits();
        for (String name : List.of("dev.quire.app.MainProcessTest", "dev.quire.ws.CrossLanguageConvergenceTest",
                "dev.quire.store.sqlite.KillRecoveryTest", "dev.quire.web.DocumentListTest")) {
            JavaClass type = tests.get(name);
            assertEquals(true, type.getCodeUnits().stream().anyMatch(starting::contains)
                    || extensionStartingProcesses(type, starting).isPresent(), name);
        }
    }

    /** Code units of the test sources that start a process, directly or through other code units (to a fixpoint). */
    private static Set<JavaCodeUnit> startingCodeUnits() {
        Set<JavaCodeUnit> starting = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (JavaClass type : tests) {
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (!starting.contains(unit) && startsOrReaches(unit, starting)) {
                        starting.add(unit);
                        grew = true;
                    }
                }
            }
        }
        return starting;
    }

    private static boolean startsOrReaches(JavaCodeUnit unit, Set<JavaCodeUnit> starting) {
        for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
            String owner = access.getTargetOwner().getName();
            if (owner.equals(ProcessBuilder.class.getName()) || owner.startsWith("com.microsoft.playwright.")) {
                return true;
            }
            boolean reaches = access.getTarget().resolveMember()
                    .filter(member -> member instanceof JavaCodeUnit)
                    .map(starting::contains)
                    .orElse(false);
            if (reaches) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLifecycle(JavaCodeUnit unit) {
        return unit.getName().equals("<init>") || unit.getName().equals("<clinit>")
                || unit.getAnnotations().stream().anyMatch(a -> {
                    String name = a.getRawType().getName();
                    return name.startsWith("org.junit.jupiter.api.Before") || name.startsWith("org.junit.jupiter.api.After");
                });
    }

    private static Optional<String> extensionStartingProcesses(JavaClass type, Set<JavaCodeUnit> starting) {
        for (JavaClass c = type; c != null; c = c.getRawSuperclass().orElse(null)) {
            if (!c.isAnnotatedWith(ExtendWith.class)) {
                continue;
            }
            for (Class<?> extension : c.getAnnotationOfType(ExtendWith.class).value()) {
                if (tests.contain(extension.getName()) && tests.get(extension.getName()).getCodeUnits().stream()
                        .anyMatch(starting::contains)) {
                    return Optional.of(extension.getSimpleName());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean taggedHeavy(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.getRawSuperclass().orElse(null)) {
            if (c.isAnnotatedWith(Tag.class) && HEAVY.equals(c.getAnnotationOfType(Tag.class).value())) {
                return true;
            }
        }
        return false;
    }
}
