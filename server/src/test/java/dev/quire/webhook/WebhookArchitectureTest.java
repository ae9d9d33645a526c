package dev.quire.webhook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * {@code webhook} may use only {@code store} of Quire's packages (DESIGN.md §2), and its storage types use only
 * the JDK, so that they can move into {@code store} when the SQLite store implements them.
 */
@AnalyzeClasses(packages = "dev.quire.webhook", importOptions = ImportOption.DoNotIncludeTests.class)
class WebhookArchitectureTest {

    @ArchTest
    static void webhook_dependsOnNoQuirePackageButStore(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.quire.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.quire.ot..", "dev.quire.doc..",
                        "dev.quire.collab..", "dev.quire.protocol..", "dev.quire.ws..", "dev.quire.api..",
                        "dev.quire.app..")
                .because("webhook depends only on store (DESIGN.md §2)")
                .check(classes);
    }

    @ArchTest
    static void storageTypes_useOnlyTheJdk(JavaClasses classes) {
        classes().that().haveSimpleName("WebhookStore").or().haveSimpleName("InMemoryWebhookStore")
                .or().haveSimpleName("Endpoint").or().haveSimpleName("Delivery").or().haveSimpleName("Attempt")
                .or().haveSimpleName("OutboxMessage")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.quire.webhook")
                .because("they must be movable to dev.quire.store")
                .check(classes);
    }
}
