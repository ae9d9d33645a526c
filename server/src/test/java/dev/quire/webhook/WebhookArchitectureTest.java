package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import dev.quire.store.Attempt;
import dev.quire.store.Delivery;
import dev.quire.store.Endpoint;
import dev.quire.store.InMemoryWebhookStore;
import dev.quire.store.WebhookStore;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * {@code webhook} may use only {@code store} of Quire's packages (docs/architecture.md, "Packages"), and its storage
 * types use only the JDK and {@code store}: they moved to {@code dev.quire.store}, which the SQLite store implements.
 */
@AnalyzeClasses(packages = {"dev.quire.webhook", "dev.quire.store"}, importOptions = ImportOption.DoNotIncludeTests.class)
class WebhookArchitectureTest {

    @ArchTest
    static void webhook_dependsOnNoQuirePackageButStore(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.quire.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.quire.ot..", "dev.quire.doc..",
                        "dev.quire.collab..", "dev.quire.protocol..", "dev.quire.ws..", "dev.quire.api..",
                        "dev.quire.app..")
                .because("webhook depends only on store (docs/architecture.md, Packages)")
                .check(classes);
    }

    @ArchTest
    static void storageTypes_useOnlyTheJdk(JavaClasses classes) {
        classes().that().haveSimpleName("WebhookStore").or().haveSimpleName("InMemoryWebhookStore")
                .or().haveSimpleName("Endpoint").or().haveSimpleName("Delivery").or().haveSimpleName("Attempt")
                .or().haveSimpleName("OutboxMessage")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.quire.store")
                .because("they live in dev.quire.store, which must not depend on webhook")
                .check(classes);
    }
}
