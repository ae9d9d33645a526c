package dev.quire.web;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies one {@link Chromium} to every browser test class of a run: launching Playwright's driver and
 * the browser costs seconds, a fresh context per user costs milliseconds. Kept in the root store, which
 * closes it (it is {@link AutoCloseable}) when the run ends. Launch failures (no Chromium) fail the class.
 */
final class SharedChromium implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedChromium.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Chromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("chromium", key -> Chromium.launch(), Chromium.class);
    }
}
