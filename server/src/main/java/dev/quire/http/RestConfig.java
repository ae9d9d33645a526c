package dev.quire.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.api.NoStoreFilter;
import dev.quire.api.ProblemExceptionMapper;
import dev.quire.json.QuireJson;
import jakarta.ws.rs.ext.ContextResolver;
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
     * A fresh {@link ResourceConfig} with Jackson JSON (read within {@link QuireJson#READ_CONSTRAINTS}), the
     * problem+json exception mapper, {@code Cache-Control: no-store} on every answer ({@link NoStoreFilter}), and
     * every kind of automatic discovery switched off, so what serves requests is exactly what {@code app}
     * registered.
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
        // The provider reads bodies with the parser limits of every other client JSON (nesting, number length).
        ObjectMapper provided = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(QuireJson.READ_CONSTRAINTS).build());
        config.register(new ContextResolver<ObjectMapper>() {
            @Override
            public ObjectMapper getContext(Class<?> type) {
                return provided;
            }
        });
        config.register(new ProblemExceptionMapper());
        config.register(new NoStoreFilter());
        return config;
    }
}
