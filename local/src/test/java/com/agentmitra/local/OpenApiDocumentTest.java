package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** openapi.yaml, beside template.yaml, describes every route the template serves: the document cannot drift. */
class OpenApiDocumentTest {

    @Test
    void everyRouteOfTheTemplateIsDocumented() throws IOException {
        SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));
        Map<String, Object> paths;
        try (Reader reader = Files.newBufferedReader(Path.of("..", "openapi.yaml"))) {
            Map<String, Object> document = new Yaml().load(reader);
            assertThat(document.get("openapi")).isEqualTo("3.1.0");
            paths = SamTemplate.map(document.get("paths"));
        }

        List<String> undocumented = new ArrayList<>();
        for (ApiRoute route : ApiGatewayServer.routes(template)) {
            Map<String, Object> operations = SamTemplate.map(paths.get(route.pathTemplate()));
            if (!operations.containsKey(route.method().toLowerCase(Locale.ROOT))) {
                undocumented.add(route.method() + " " + route.pathTemplate());
            }
        }

        assertThat(undocumented).as("routes in template.yaml missing from openapi.yaml").isEmpty();
    }

    @Test
    void openRoutesAreDocumentedAsNeedingNoToken() throws IOException {
        SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));
        Map<String, Object> paths;
        try (Reader reader = Files.newBufferedReader(Path.of("..", "openapi.yaml"))) {
            paths = SamTemplate.map(new Yaml().<Map<String, Object>>load(reader).get("paths"));
        }

        for (ApiRoute route : ApiGatewayServer.routes(template)) {
            Map<String, Object> operation = SamTemplate.map(SamTemplate.map(paths.get(route.pathTemplate()))
                    .get(route.method().toLowerCase(Locale.ROOT)));
            boolean documentedOpen = List.of().equals(operation.get("security"));
            assertThat(documentedOpen).as(route.method() + " " + route.pathTemplate() + " open")
                    .isEqualTo(route.authorizer().isEmpty());
        }
    }
}
