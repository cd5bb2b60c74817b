package com.agentmitra.local;




import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;









/**
 * The parts of {@code template.yaml} the local stack needs: each function's handler, environment (Globals merged),
 * and event sources (API routes, SQS queues, S3 notifications, schedules), plus queues, buckets and parameters.
 * CloudFormation short-form tags ({@code !Ref}, {@code !Sub}, ...) are read as {@code {"Ref": ...}} maps.
 */
final class SamTemplate {

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    static SamTemplate read(Path file) {
        return new SamTemplate(com.agentmitra.testing.CloudFormationYaml.read(file));
    }

    Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, resource) -> resources.put(id, map(resource)));
        return resources;
    }

    Optional<String> resourceType(String logicalId) {
        return Optional.ofNullable(resources().get(logicalId)).map(resource -> String.valueOf(resource.get("Type")));
    }

    Map<String, Object> resourceProperties(String logicalId) {
        return map(resources().getOrDefault(logicalId, Map.of()).get("Properties"));
    }

    /** Parameter defaults (a parameter without one resolves to an empty string locally). */
    Map<String, Object> parameterDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, definition) ->
                defaults.put(name, map(definition).getOrDefault("Default", "")));
        return defaults;
    }

    List<Function> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        List<Function> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, Object> environment = new LinkedHashMap<>(
                    map(map(globals.get("Environment")).get("Variables")));
            environment.putAll(map(map(properties.get("Environment")).get("Variables")));
            String handler = String.valueOf(properties.getOrDefault("Handler", globals.get("Handler")));
            List<Event> events = new ArrayList<>();
            map(properties.get("Events")).forEach((name, event) -> {
                Map<String, Object> definition = map(event);
                events.add(new Event(name, String.valueOf(definition.get("Type")), map(definition.get("Properties"))));
            });
            functions.add(new Function(id, handler, environment, events));
        });
        return functions;
    }

    Optional<Function> function(String logicalId) {
        return functions().stream().filter(function -> function.logicalId().equals(logicalId)).findFirst();
    }

    /** One function of the template. */
    record Function(String logicalId, String handler, Map<String, Object> environment, List<Event> events) {

        String mainClass() {
            return String.valueOf(environment.get("MAIN_CLASS"));
        }

        String definition() {
            return String.valueOf(environment.get("SPRING_CLOUD_FUNCTION_DEFINITION"));
        }

        List<Event> eventsOfType(String type) {
            return events.stream().filter(event -> event.type().equals(type)).toList();
        }
    }

    /** One event source of a function. */
    record Event(String name, String type, Map<String, Object> properties) {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
