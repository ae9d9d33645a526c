package dev.quire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The package dependency rules of DESIGN.md §2, so that a wrong import fails the build. One rule
 * method per package; add a method when a package gets its rule.
 */
@AnalyzeClasses(packages = "dev.quire", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** {@code ot} is pure: the Delta model and algebra use nothing but the JDK. */
    @ArchTest
    static void ot_dependsOnlyOnJava(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.ot..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.ot..", "java..")
                .because("the ot package must stay pure (DESIGN.md §2)")
                .check(classes);
    }
}
