package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The one router of every API function: routes are declared once per module (method, path template as in
 * {@code template.yaml} and {@code openapi.yaml}, handler) and dispatched on API Gateway's {@code resource} and
 * method. An event without a resource (an HTTP API's {@code $default} route, a hand-made event) is matched on its
 * path against the templates, with the path parameters filled in. An unknown path answers 404 and an unknown method
 * 405 (with {@code Allow}), each with a log line, so a mis-wired stack is visible in the logs.
 */
public final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)\\+?}");

    private final Map<String, Map<String, Api.ApiFunction>> routes = new LinkedHashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final Cors cors = Cors.fromEnvironment();

    /** Declares {@code METHOD path}; declaring one twice is a programming error. */
    public Router route(String method, String path, Api.ApiFunction handler) {
        String verb = method.toUpperCase(Locale.ROOT);
        Map<String, Api.ApiFunction> methods = routes.computeIfAbsent(path, p -> {
            templates.add(Template.of(p));
            return new LinkedHashMap<>();
        });
        if (methods.putIfAbsent(verb, handler) != null) {
            throw new IllegalStateException("route declared twice: " + verb + " " + path);
        }
        return this;
    }

    /** Every route, {@code METHOD path}, in declaration order: what {@code template.yaml} must declare. */
    public List<String> describe() {
        return routes.entrySet().stream()
                .flatMap(entry -> entry.getValue().keySet().stream().map(method -> method + " " + entry.getKey()))
                .toList();
    }

    /**
     * The one Spring function of the module; every answer carries the CORS headers the caller's origin may have and
     * {@code X-Content-Type-Options: nosniff}, so no browser runs an answer as anything but its declared type.
     */
    public Api.ApiFunction function() {
        return message -> noSniff(cors.apply(message.getPayload(), dispatch(message)));
    }

    static final String NO_SNIFF_HEADER = "X-Content-Type-Options";

    private static APIGatewayProxyResponseEvent noSniff(APIGatewayProxyResponseEvent response) {
        Map<String, String> headers = new LinkedHashMap<>(
                response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put(NO_SNIFF_HEADER, "nosniff");
        return response.withHeaders(headers);
    }

    private APIGatewayProxyResponseEvent dispatch(Message<APIGatewayProxyRequestEvent> message) {
        APIGatewayProxyRequestEvent event = message.getPayload();
        String requestId = Invocation.of(message).map(Invocation::requestId)
                .orElseGet(() -> LambdaContexts.requestId(LambdaContexts.from(message)));
        if (event == null) {
            log.warn("API function given an event it cannot read as an API Gateway request");
            return Api.problem(new ApiProblem.InvalidInput("not an API Gateway request"), requestId);
        }
        String method = Optional.ofNullable(event.getHttpMethod()).orElse("").toUpperCase(Locale.ROOT);
        Optional<String> resource = Optional.ofNullable(event.getResource()).filter(routes::containsKey)
                .or(() -> match(event));
        if (resource.isEmpty()) {
            log.warn("No route for the request method={} resource={}", method, event.getResource());
            return Api.problem(new ApiProblem.NotFound("route"), requestId);
        }
        Map<String, Api.ApiFunction> methods = routes.get(resource.get());
        Api.ApiFunction handler = methods.get(method);
        if (handler == null) {
            log.warn("Method not allowed method={} resource={}", method, resource.get());
            return Api.problem(new ApiProblem.MethodNotAllowed(method), requestId,
                    Map.of("Allow", String.join(", ", methods.keySet())));
        }
        return handler.apply(message);
    }

    /** The template the event's path matches; its path parameters are set on the event as API Gateway would. */
    private Optional<String> match(APIGatewayProxyRequestEvent event) {
        if (event.getPath() == null) {
            return Optional.empty();
        }
        // literal segments win over parameters (/callbacks/summary before /callbacks/{id})
        for (Template template : templates.stream()
                .sorted(java.util.Comparator.comparingInt((Template t) -> t.names().size())).toList()) {
            Optional<Map<String, String>> parameters = template.match(event.getPath());
            if (parameters.isPresent()) {
                event.setResource(template.path());
                if (!parameters.get().isEmpty()) {
                    event.setPathParameters(parameters.get());
                }
                return Optional.of(template.path());
            }
        }
        return Optional.empty();
    }

    /** A path template such as {@code /policyholders/{id}/consent}, compiled once. */
    private record Template(String path, Pattern pattern, List<String> names) {

        static Template of(String path) {
            StringBuilder regex = new StringBuilder("^");
            List<String> names = new ArrayList<>();
            Matcher matcher = PARAMETER.matcher(path);
            int last = 0;
            while (matcher.find()) {
                regex.append(Pattern.quote(path.substring(last, matcher.start())));
                regex.append(matcher.group().endsWith("+}") ? "(.+)" : "([^/]+)");
                names.add(matcher.group(1));
                last = matcher.end();
            }
            regex.append(Pattern.quote(path.substring(last))).append("/?$");
            return new Template(path, Pattern.compile(regex.toString()), List.copyOf(names));
        }

        Optional<Map<String, String>> match(String candidate) {
            Matcher matcher = pattern.matcher(candidate);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                parameters.put(names.get(i), java.net.URLDecoder.decode(matcher.group(i + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            return Optional.of(parameters);
        }
    }
}
