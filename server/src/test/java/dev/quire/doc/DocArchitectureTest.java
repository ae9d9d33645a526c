package dev.quire.doc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** DESIGN.md §2 for {@code doc}: it may use {@code ot} and the JDK, nothing else. */
@AnalyzeClasses(packages = "dev.quire.doc", importOptions = ImportOption.DoNotIncludeTests.class)
class DocArchitectureTest {
    @ArchTest
    static void doc_dependsOnlyOnOtAndJava(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.doc..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.doc..", "dev.quire.ot..", "java..")
                .because("doc is the document state; it must not reach collab, store or transport (DESIGN.md §2)")
                .check(classes);
    }
}
