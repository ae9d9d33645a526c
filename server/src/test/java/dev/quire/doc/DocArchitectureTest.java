package dev.quire.doc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The package rule for {@code doc} (docs/architecture.md, "Packages"): it may use {@code ot} and the JDK only. */
@AnalyzeClasses(packages = "dev.quire.doc", importOptions = ImportOption.DoNotIncludeTests.class)
class DocArchitectureTest {
    @ArchTest
    static void doc_dependsOnlyOnOtAndJava(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.doc..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.doc..", "dev.quire.ot..", "java..")
                .because("doc is the document state; it must not reach collab, store or transport"
                        + " (docs/architecture.md, Packages)")
                .check(classes);
    }
}
