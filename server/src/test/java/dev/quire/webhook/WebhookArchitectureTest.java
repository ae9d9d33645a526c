package dev.quire.webhook;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import dev.quire.store.OutboxMessage;

/**
 * {@code webhook} may use only {@code store} of Quire's packages (docs/architecture.md, "Packages"), and its storage
 * model and port use only the JDK, each other and the outbox row of {@code store}, so that the SQLite store can
 * implement the port without getting the dispatcher's dependencies.
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
    static void storageTypes_useOnlyTheJdkAndTheOutboxRow(JavaClasses classes) {
        DescribedPredicate<JavaClass> storageModel = belongToAnyOf(WebhookStore.class, Endpoint.class, Delivery.class,
                Attempt.class);
        classes().that(storageModel)
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..").or(storageModel)
                        .or(belongToAnyOf(OutboxMessage.class))
                        .or(DescribedPredicate.describe("their arrays", c -> c.isArray()
                                && storageModel.test(c.getBaseComponentType()))))
                .because("the SQLite store implements the port and must get nothing else of webhook")
                .check(classes);
    }
}
