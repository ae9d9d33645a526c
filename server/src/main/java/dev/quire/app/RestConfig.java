package dev.quire.app;

import dev.quire.api.ProblemExceptionMapper;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jersey application's fixed part: explicit registrations only. Callers add their resources as instances
 * built with their collaborators: {@code RestConfig.create().register(new DocumentsResource(hub))}.
 */
public final class RestConfig {

    private RestConfig() {
    }

    /**
     * A fresh {@link ResourceConfig} with Jackson JSON, the problem+json exception mapper, and every kind of
     * automatic discovery switched off, so what serves requests is exactly what {@code app} registered.
     */
    public static ResourceConfig create() {
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName("quire");
        config.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        config.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        config.property(ServerProperties.JSON_PROCESSING_FEATURE_DISABLE, true);
        config.property(ServerProperties.JSON_BINDING_FEATURE_DISABLE, true);
        config.property(ServerProperties.MOXY_JSON_FEATURE_DISABLE, true);
        // Jackson's own mappers answer bad JSON with text/plain; ours answers with problem+json.
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new ProblemExceptionMapper());
        return config;
    }
}
