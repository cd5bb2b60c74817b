package com.agentmitra.testing;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one HTTP exchange (a request and the answer it got) against {@code openapi.yaml} with Atlassian's OpenAPI
 * validator (OpenAPI 3.1, schemas validated as JSON Schema 2020-12), so the document cannot drift from what the
 * functions really answer. Every violation is reported, never only the first:
 * <ul>
 *   <li>a route (method and API Gateway resource) the document does not have;</li>
 *   <li>a request the document would refuse: parameters, a missing or mistyped body, an unknown query parameter;</li>
 *   <li>a status the operation does not document, a content type it does not answer, a body off its schema,
 *       including any field the schema does not name (schemas without {@code additionalProperties} are read as
 *       closed, so a field added to or renamed in the API without the document fails);</li>
 *   <li>an error answer (4xx, 5xx) that is not {@code application/problem+json} with the {@code Problem} schema
 *       (house rule 9), whatever the operation documents.</li>
 * </ul>
 * Security requirements are not checked: the Lambda authorizer has already checked the bearer token before a
 * function is called, and the functions receive its claims, not the header. {@code format} ({@code uuid},
 * {@code date-time}) is an annotation in OpenAPI 3.1 (JSON Schema 2020-12) and is not asserted either; types,
 * enums, patterns, lengths, ranges, required and unknown fields are.
 */
public final class OpenApiContract {

    private static final Map<Path, OpenApiContract> LOADED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_TYPE = "application/problem+json";
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{[^}/]+}");

    private final Path document;
    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;

    private OpenApiContract(Path document) {
        this.document = document;
        this.api = parse(document);
        LevelResolver levels = LevelResolver.create()
                // the authorizer checks the token before the function runs (see the class comment)
                .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                // a query parameter the document does not name is drift, as much as an undocumented field
                .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                // closed schemas: a field the document does not name is a violation
                .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
                .build();
        this.validator = OpenApiInteractionValidator.createFor(api)
                .withLevelResolver(levels)
                .withStrictOperationPathMatching()
                .build();
        this.schemas = new SchemaValidator(api, new MessageResolver(levels));
    }

    /** The repository's {@code openapi.yaml}: the first one found from the working directory (a module) upwards. */
    public static OpenApiContract ofRepository() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            Path candidate = at.resolve("openapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return of(candidate);
            }
        }
        throw new IllegalStateException("no openapi.yaml in " + dir + " or above");
    }

    /** The document at {@code document}, parsed once per test JVM. */
    public static OpenApiContract of(Path document) {
        return LOADED.computeIfAbsent(document.toAbsolutePath().normalize(), OpenApiContract::new);
    }

    public Path document() {
        return document;
    }

    /** Every way {@code exchange} departs from the document; empty when it conforms. */
    public List<Violation> violations(Exchange exchange) {
        return violations(exchange, false);
    }

    /**
     * As {@link #violations(Exchange)}; with {@code requestBreaksDocument} the request's own violations are left out
     * (a test that sends a request the document refuses, to see the error answer), the answer is checked in full.
     */
    private List<Violation> violations(Exchange exchange, boolean requestBreaksDocument) {
        List<Violation> found = new ArrayList<>();
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        if (!documents(request.method(), request.pathTemplate())) {
            found.add(new Violation("contract.route.undocumented", request.method() + " " + request.pathTemplate()
                    + " is not an operation of " + document.getFileName()));
            return found;
        }
        ValidationReport report = validator.validate(toValidatorRequest(request), toValidatorResponse(response));
        report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !(requestBreaksDocument && message.getKey().startsWith("validation.request.")))
                .forEach(message -> found.add(Violation.of(message)));
        if (response.status() >= 400) {
            found.addAll(problemViolations(response));
        }
        return found.stream().distinct().toList();
    }

    /** Fails with every violation of {@code exchange}, the exchange itself and the document it was checked against. */
    public void assertConforms(Exchange exchange) {
        assertConforms(exchange, false);
    }

    private void assertConforms(Exchange exchange, boolean requestBreaksDocument) {
        List<Violation> violations = violations(exchange, requestBreaksDocument);
        if (!violations.isEmpty()) {
            StringBuilder text = new StringBuilder().append(exchange.request().method()).append(' ')
                    .append(exchange.request().pathTemplate()).append(" -> ").append(exchange.response().status())
                    .append(" departs from ").append(document).append(":");
            violations.forEach(violation -> text.append("\n  - ").append(violation));
            text.append("\n  request body: ").append(exchange.request().body().orElse("(none)"));
            text.append("\n  response body: ").append(exchange.response().body().orElse("(none)"));
            throw new AssertionError(text.toString());
        }
    }

    /** An API Gateway proxy event (payload 1.0 or 2.0) and the function's answer to it, checked as one exchange. */
    public void assertConforms(String apiGatewayEvent, String lambdaResponse) {
        assertConforms(Exchange.fromApiGateway(apiGatewayEvent, lambdaResponse));
    }

    /**
     * A REST API (payload 1.0) request to {@code function}, built like API Gateway builds it for {@code method} on
     * {@code resource}; {@link Call#expect} sends it and checks the exchange against the document.
     */
    public Call call(InProcessFunction function, String method, String resource) {
        return new Call(function, method, resource);
    }

    /** One request to a function in this JVM; anonymous unless {@link #as} gives it the authorizer's claims. */
    public final class Call {

        private final InProcessFunction function;
        private final ObjectNode event = Json.mapper().createObjectNode();
        private final ObjectNode headers;
        private final ObjectNode requestContext;
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private boolean breaksDocument;

        private Call(InProcessFunction function, String method, String resource) {
            this.function = function;
            event.put("resource", resource);
            event.put("httpMethod", method.toUpperCase(Locale.ROOT));
            headers = event.putObject("headers");
            headers.put("Accept", "application/json, application/problem+json");
            headers.put("Host", "127.0.0.1:3000");
            headers.put("User-Agent", "contract-test");
            event.putNull("stageVariables");
            requestContext = event.putObject("requestContext");
            requestContext.put("resourcePath", resource);
            requestContext.put("httpMethod", method.toUpperCase(Locale.ROOT));
            requestContext.put("stage", "test");
            requestContext.put("requestId", java.util.UUID.randomUUID().toString());
            requestContext.put("accountId", "000000000000");
            requestContext.put("apiId", "contract");
            requestContext.put("protocol", "HTTP/1.1");
            requestContext.put("requestTimeEpoch", System.currentTimeMillis());
            requestContext.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", "contract-test");
            event.putNull("body");
            event.put("isBase64Encoded", false);
        }

        /** The Lambda authorizer's context for the caller (what {@code AuthorizerClaims.toContext()} gives). */
        public Call as(Map<String, ?> claims) {
            requestContext.set("authorizer", Json.mapper().valueToTree(claims));
            return this;
        }

        public Call pathParameter(String name, Object value) {
            pathParameters.put(name, value.toString());
            return this;
        }

        public Call query(String name, Object... values) {
            List<String> all = query.computeIfAbsent(name, k -> new ArrayList<>());
            for (Object value : values) {
                all.add(value.toString());
            }
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a string as it is, anything else written as JSON. */
        public Call body(Object body) {
            event.put("body", body instanceof String text ? text : Json.write(body));
            headers.put("Content-Type", "application/json");
            return this;
        }

        /**
         * The request breaks the document on purpose (a value its schema refuses), to see the error answer: the
         * request's own violations are not reported; the answer is still checked in full.
         */
        public Call breakingTheDocument() {
            breaksDocument = true;
            return this;
        }

        /**
         * Sends the request, asserts the answer has {@code status} and that the request and the answer conform to
         * the document, and returns the answer.
         */
        public Answer expect(int status) {
            HttpRequest request = new HttpRequest(event.path("httpMethod").asText(), event.path("resource").asText(),
                    pathParameters, query, Map.of(), Optional.empty());
            String path = request.path();
            event.put("path", path);
            requestContext.put("path", "/test" + path);
            event.set("pathParameters", pathParameters.isEmpty() ? null : Json.mapper().valueToTree(pathParameters));
            ObjectNode single = Json.mapper().createObjectNode();
            ObjectNode multi = Json.mapper().createObjectNode();
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                values.forEach(multi.withArray(name)::add);
            });
            event.set("queryStringParameters", query.isEmpty() ? null : single);
            event.set("multiValueQueryStringParameters", query.isEmpty() ? null : multi);
            ObjectNode multiHeaders = event.putObject("multiValueHeaders");
            headers.properties().forEach(header -> multiHeaders.putArray(header.getKey()).add(header.getValue()));
            String eventJson = Json.write(event);

            String responseJson = function.invoke(eventJson);

            Exchange exchange = Exchange.fromApiGateway(eventJson, responseJson);
            Answer answer = Answer.of(exchange.response());
            if (answer.status() != status) {
                throw new AssertionError(request.method() + " " + path + " answered " + answer.status() + ", expected "
                        + status + ": " + answer.raw());
            }
            assertConforms(exchange, breaksDocument);
            return answer;
        }
    }

    /** A function's answer: status, headers and the body as JSON (an empty object when there is none). */
    public record Answer(int status, Map<String, String> headers, JsonNode body, String raw) {

        static Answer of(HttpResponse response) {
            String raw = response.body().orElse("");
            JsonNode body;
            try {
                body = raw.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(raw);
            } catch (JsonProcessingException e) {
                body = Json.mapper().createObjectNode();
            }
            return new Answer(response.status(), response.headers(), body, raw);
        }

        public String text(String field) {
            return body.path(field).asText();
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    private boolean documents(String method, String pathTemplate) {
        String shape = shape(pathTemplate);
        return api.getPaths() != null && api.getPaths().entrySet().stream()
                .filter(path -> shape(path.getKey()).equals(shape))
                .anyMatch(path -> path.getValue().readOperationsMap()
                        .containsKey(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT))));
    }

    /** A path template with its parameter names dropped: {@code /a/{id}} and {@code /a/{policyId}} are one route. */
    private static String shape(String template) {
        return TEMPLATE_PARAMETER.matcher(template).replaceAll("{}");
    }

    private List<Violation> problemViolations(HttpResponse response) {
        List<Violation> found = new ArrayList<>();
        String contentType = response.header("Content-Type").orElse("(none)");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith(PROBLEM_TYPE)) {
            found.add(new Violation("contract.problem.contentType", "an error answer must be " + PROBLEM_TYPE
                    + ", was " + contentType));
        }
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        if (problem == null) {
            found.add(new Violation("contract.problem.schema", "the document has no components.schemas.Problem"));
            return found;
        }
        if (response.body().isEmpty()) {
            found.add(new Violation("contract.problem.body", "an error answer must carry a problem body"));
            return found;
        }
        schemas.validate(response.body().get(), problem, "response.body").getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .forEach(message -> found.add(new Violation("contract.problem.schema", message.getMessage())));
        return found;
    }

    private static Request toValidatorRequest(HttpRequest request) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method().toUpperCase(Locale.ROOT),
                request.path());
        request.query().forEach(builder::withQueryParam);
        request.headers().forEach((name, value) -> builder.withHeader(name, value));
        request.body().ifPresent(builder::withBody);
        return builder.build();
    }

    private static com.atlassian.oai.validator.model.Response toValidatorResponse(HttpResponse response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.status());
        response.headers().forEach((name, value) -> builder.withHeader(name, value));
        response.body().ifPresent(builder::withBody);
        return builder.build();
    }

    private static OpenAPI parse(Path document) {
        String text;
        try {
            text = Files.readString(document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        refuseDuplicateKeys(document, text);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        // shared responses (components.responses.Problem) are references the validator does not follow itself
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        if (result.getOpenAPI() == null || !messages.isEmpty()) {
            throw new IllegalStateException(document + " does not parse as OpenAPI: " + messages);
        }
        return result.getOpenAPI();
    }

    /** A key given twice in YAML silently keeps the last value: the first definition would be dead text. */
    private static void refuseDuplicateKeys(Path document, String text) {
        ObjectMapper strict = new ObjectMapper(new YAMLFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            strict.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(document + " is not a valid YAML map: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        }
    }

    /** One departure from the document: the validator's message key (or ours, {@code contract.*}) and its text. */
    public record Violation(String key, String message) {

        static Violation of(ValidationReport.Message message) {
            StringBuilder text = new StringBuilder(message.getMessage());
            message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                    .map(ValidationReport.MessageContext.Pointers::getInstance).filter(at -> !at.isEmpty())
                    .ifPresent(at -> text.append(" [at ").append(at).append(']'));
            message.getNestedMessages().forEach(nested -> text.append("; ").append(nested.getMessage()));
            return new Violation(message.getKey(), text.toString());
        }

        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    /** A request and the answer it got. */
    public record Exchange(HttpRequest request, HttpResponse response) {

        /**
         * An API Gateway proxy event and the function's proxy answer, both as JSON. Payload 1.0 ({@code httpMethod},
         * {@code resource}, single- and multi-value query parameters and headers) and 2.0 ({@code routeKey},
         * {@code rawQueryString}) are both read; a base64 body is decoded.
         */
        public static Exchange fromApiGateway(String event, String response) {
            return new Exchange(HttpRequest.fromApiGateway(read(event)), HttpResponse.fromApiGateway(read(response)));
        }
    }

    /**
     * A request as the function received it: method, path template (API Gateway's resource, e.g.
     * {@code /policyholders/{id}}), path parameters, query parameters (each name with every value it was given),
     * headers and the body.
     */
    public record HttpRequest(String method, String pathTemplate, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, String> headers, Optional<String> body) {

        public HttpRequest {
            pathParameters = Map.copyOf(pathParameters);
            Map<String, List<String>> copied = new LinkedHashMap<>();
            query.forEach((name, values) -> copied.put(name, List.copyOf(values)));
            query = java.util.Collections.unmodifiableMap(copied);
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        public static HttpRequest of(String method, String pathTemplate) {
            return new HttpRequest(method, pathTemplate, Map.of(), Map.of(), Map.of(), Optional.empty());
        }

        public HttpRequest pathParameter(String name, Object value) {
            Map<String, String> next = new LinkedHashMap<>(pathParameters);
            next.put(name, value.toString());
            return new HttpRequest(method, pathTemplate, next, query, headers, body);
        }

        public HttpRequest queryParameter(String name, Object... values) {
            Map<String, List<String>> next = new LinkedHashMap<>(query);
            List<String> all = new ArrayList<>(next.getOrDefault(name, List.of()));
            for (Object value : values) {
                all.add(value.toString());
            }
            next.put(name, all);
            return new HttpRequest(method, pathTemplate, pathParameters, next, headers, body);
        }

        public HttpRequest header(String name, String value) {
            Map<String, String> next = new LinkedHashMap<>(headers);
            next.put(name, value);
            return new HttpRequest(method, pathTemplate, pathParameters, query, next, body);
        }

        /** A JSON body (sent with {@code Content-Type: application/json} unless a content type is set). */
        public HttpRequest jsonBody(String json) {
            HttpRequest withType = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Type"))
                    ? this : header("Content-Type", "application/json");
            return new HttpRequest(method, pathTemplate, pathParameters, query, withType.headers,
                    Optional.ofNullable(json));
        }

        /** The concrete path: the template with its parameters filled in. */
        public String path() {
            Matcher matcher = TEMPLATE_PARAMETER.matcher(pathTemplate);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group().substring(1, matcher.group().length() - 1);
                String value = pathParameters.get(name);
                matcher.appendReplacement(path, Matcher.quoteReplacement(value == null ? matcher.group() : value));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        static HttpRequest fromApiGateway(JsonNode event) {
            boolean v2 = "2.0".equals(event.path("version").asText());
            String method;
            String template;
            Map<String, List<String>> query = new LinkedHashMap<>();
            if (v2) {
                String[] routeKey = event.path("routeKey").asText().split(" ", 2);
                method = routeKey[0];
                template = routeKey.length > 1 ? routeKey[1] : event.path("rawPath").asText();
                String raw = event.path("rawQueryString").asText("");
                if (!raw.isEmpty()) {
                    for (String pair : raw.split("&")) {
                        String[] parts = pair.split("=", 2);
                        query.computeIfAbsent(decode(parts[0]), k -> new ArrayList<>())
                                .add(parts.length > 1 ? decode(parts[1]) : "");
                    }
                }
            } else {
                method = event.path("httpMethod").asText();
                template = event.path("resource").asText();
                JsonNode multi = event.path("multiValueQueryStringParameters");
                JsonNode single = event.path("queryStringParameters");
                if (multi.isObject() && !multi.isEmpty()) {
                    multi.properties().forEach(entry -> entry.getValue()
                            .forEach(value -> query.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                                    .add(value.asText())));
                } else if (single.isObject()) {
                    single.properties().forEach(entry -> query.put(entry.getKey(), List.of(entry.getValue().asText())));
                }
            }
            Map<String, String> pathParameters = new LinkedHashMap<>();
            event.path("pathParameters").properties()
                    .forEach(entry -> pathParameters.put(entry.getKey(), entry.getValue().asText()));
            Map<String, String> headers = new LinkedHashMap<>();
            event.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asText()));
            return new HttpRequest(method, template, pathParameters, query, headers, bodyOf(event));
        }

        private static String decode(String text) {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, headers and body. */
    public record HttpResponse(int status, Map<String, String> headers, Optional<String> body) {

        public HttpResponse {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** A header by name, in any case (API Gateway keeps the function's spelling). */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }

        static HttpResponse fromApiGateway(JsonNode response) {
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asText()));
            response.path("multiValueHeaders").properties().stream().filter(entry -> !entry.getValue().isEmpty())
                    .forEach(entry -> headers.putIfAbsent(entry.getKey(), entry.getValue().get(0).asText()));
            return new HttpResponse(response.path("statusCode").asInt(), headers, bodyOf(response));
        }
    }

    private static Optional<String> bodyOf(JsonNode message) {
        JsonNode body = message.path("body");
        if (!body.isTextual() || body.asText().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(message.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8)
                : body.asText());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
