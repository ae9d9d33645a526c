package dev.quire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The package dependency rules of docs/architecture.md ("Packages"), so that a wrong import fails the build. One rule
 * method per package; add a method when a package gets its rule.
 */
@AnalyzeClasses(packages = "dev.quire", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** {@code ot} is pure: the Delta model and algebra use nothing but the JDK. */
    @ArchTest
    static void ot_dependsOnlyOnJava(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.ot..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.ot..", "java..")
                .because("the ot package must stay pure (docs/architecture.md, Packages)")
                .check(classes);
    }

    /**
     * The hub knows nothing of transports or JSON: WebSockets and REST adapt to it, not the reverse. Its write
     * budgets are token buckets of {@code limit}, plain Java like the rest. On a store shared by nodes it hears the
     * others through the port of {@code cluster} (the feed), never through Redis or PostgreSQL themselves.
     */
    @ArchTest
    static void collab_dependsOnlyOnOtDocStoreLimitAndLogging(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.collab..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.collab..", "dev.quire.ot..",
                        "dev.quire.doc..", "dev.quire.store..", "dev.quire.limit..", "dev.quire.cluster..", "java..",
                        "org.slf4j..")
                .check(classes);
    }

    /**
     * The Markdown form is a format over the Delta model, parsed by commonmark-java, and commonmark-java is used
     * nowhere else: a second Markdown reader elsewhere would drift from this one.
     */
    @ArchTest
    static void markdown_dependsOnlyOnOtAndCommonmark(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.markdown..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.markdown..", "dev.quire.ot..",
                        "org.commonmark..", "java..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.quire.markdown..")
                .should().dependOnClassesThat().resideInAPackage("org.commonmark..")
                .check(classes);
    }

    /** Wire messages depend on the Delta model, its JSON form and Jackson only. */
    @ArchTest
    static void protocol_dependsOnlyOnOtJsonAndJackson(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.protocol..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.protocol..", "dev.quire.ot..",
                        "dev.quire.json..", "com.fasterxml.jackson..", "java..")
                .check(classes);
    }

    /** The JSON form of documents is the Delta model and Jackson, nothing of the wire or of storage. */
    @ArchTest
    static void json_dependsOnlyOnOtAndJackson(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.json..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.json..", "dev.quire.ot..",
                        "com.fasterxml.jackson..", "java..")
                .check(classes);
    }

    /**
     * The storage interface is plain Java over the Delta model, and holds only storage: no webhook or access-grant
     * model (those packages declare the ports they need).
     */
    @ArchTest
    static void storeInterface_dependsOnlyOnOt(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.store")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.store..", "dev.quire.ot..", "java..")
                .check(classes);
    }

    /** Rate limiting is plain Java over a bounded cache: the transports use it, it knows none of them. */
    @ArchTest
    static void limit_dependsOnlyOnJavaAndCaffeine(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.limit..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.limit..", "java..",
                        "com.github.benmanes.caffeine..")
                .check(classes);
    }

    /** The one parser of request paths is plain Java, so every layer that reads a path can share it. */
    @ArchTest
    static void path_dependsOnlyOnJava(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.path..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.path..", "java..")
                .check(classes);
    }

    /**
     * Who may do what is decided over its own storage port and a JOSE library, never over a transport; the store
     * implements the port, not the reverse.
     */
    @ArchTest
    static void auth_dependsOnlyOnJose(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.auth..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.auth..", "com.nimbusds..", "java..",
                        "org.slf4j..")
                .check(classes);
    }

    /** Only the wiring knows every part; no capability reaches up into the transports or the app. */
    @ArchTest
    static void nothingBelowTheTransports_dependsOnWsApiOrApp(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.quire.ot..", "dev.quire.doc..", "dev.quire.store..",
                        "dev.quire.collab..", "dev.quire.protocol..", "dev.quire.json..", "dev.quire.webhook..",
                        "dev.quire.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.quire.ws..", "dev.quire.api..", "dev.quire.app..",
                        "dev.quire.http..", "dev.quire.server..")
                .check(classes);
    }

    /**
     * Capabilities report to listener interfaces of their own; only {@code metrics} (wired by {@code app}, scraped
     * through {@code http}) sees Micrometer.
     */
    @ArchTest
    static void onlyMetrics_dependsOnMicrometer(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackages("dev.quire.metrics..", "dev.quire.app..", "dev.quire.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(classes);
    }

    /**
     * The meters are wired by {@code app} and reached by the front door ({@code /metrics}, the REST count) alone; no
     * capability knows they exist.
     */
    @ArchTest
    static void metrics_isUsedOnlyByAppAndTheFrontDoor(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackages("dev.quire.metrics..", "dev.quire.app..", "dev.quire.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.quire.metrics..")
                .check(classes);
        classes().that().resideInAPackage("dev.quire.metrics..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.metrics..", "dev.quire.collab..",
                        "dev.quire.ws..", "dev.quire.webhook..", "dev.quire.store..", "dev.quire.cluster..",
                        "io.micrometer..", "java..")
                .check(classes);
    }

    /**
     * The fan-out between nodes speaks the store's committed ops and the Delta JSON form over Redis and PostgreSQL;
     * it knows nothing of the hub or the transports (the hub will call it).
     */
    @ArchTest
    static void cluster_dependsOnlyOnStoreOpsDeltaJsonRedisAndPostgres(JavaClasses classes) {
        classes().that().resideInAPackage("dev.quire.cluster..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.quire.cluster..", "dev.quire.store",
                        "dev.quire.ot..", "dev.quire.json..", "com.fasterxml.jackson..", "io.lettuce..",
                        "org.postgresql..", "java..", "org.slf4j..")
                .check(classes);
    }

    /** The WebSocket and REST transports do not know each other. */
    @ArchTest
    static void transports_areIndependent(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.quire.ws..")
                .should().dependOnClassesThat().resideInAPackage("dev.quire.api..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.quire.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.quire.ws..")
                .check(classes);
    }
}
