package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** An API Gateway request as the application sees it: no AWS types beyond this class. */
public final class ApiRequest {

    /** Larger bodies are refused before parsing (API Gateway itself stops at 10 MB), unless a route allows more. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** A list parameter longer than this is refused (no list of the API has more possible values). */
    public static final int MAX_LIST_ITEMS = 50;

    private final String method;
    private final String path;
    private final String resource;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> queryParameters;
    private final Map<String, String> headers;
    private final byte[] bodyBytes;
    private final Optional<String> body;
    private final String requestId;
    private final Optional<String> sourceIp;
    private final Optional<AuthorizerClaims> claims;
    private final BusinessMetrics metrics;

    private ApiRequest(APIGatewayProxyRequestEvent event, String requestId, BusinessMetrics metrics,
            int maxBodyBytes) {
        this.method = Optional.ofNullable(event.getHttpMethod()).orElse("GET").toUpperCase(Locale.ROOT);
        this.path = Optional.ofNullable(event.getPath()).orElse("/");
        this.resource = event.getResource();
        this.pathParameters = event.getPathParameters() == null ? Map.of() : Map.copyOf(event.getPathParameters());
        this.queryParameters = queryParameters(event);
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name, value);
                }
            });
        }
        this.headers = headers;
        this.bodyBytes = decodeBody(event, maxBodyBytes);
        String text = new String(bodyBytes, StandardCharsets.UTF_8);
        this.body = text.isBlank() ? Optional.empty() : Optional.of(text);
        this.requestId = requestId;
        this.metrics = metrics;
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        this.sourceIp = Optional.ofNullable(context)
                .map(APIGatewayProxyRequestEvent.ProxyRequestContext::getIdentity)
                .map(APIGatewayProxyRequestEvent.RequestIdentity::getSourceIp);
        this.claims = Optional.ofNullable(context).map(c -> c.getAuthorizer()).flatMap(AuthorizerClaims::from);
    }

    /** The request of one invocation: its id and business metrics are the invocation's. */
    public static ApiRequest from(APIGatewayProxyRequestEvent event, Invocation invocation, int maxBodyBytes) {
        return new ApiRequest(event, invocation.requestId(), invocation.metrics(), maxBodyBytes);
    }

    /** A request outside any invocation (tests of a handler alone): metrics go to a document nobody flushes. */
    public static ApiRequest from(APIGatewayProxyRequestEvent event, String requestId) {
        return new ApiRequest(event, requestId, BusinessMetrics.forInvocation(), MAX_BODY_BYTES);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The route's path template as API Gateway (or the {@link Router}) names it, {@code /policies/{id}}; may be null. */
    public String resource() {
        return resource;
    }

    public String requestId() {
        return requestId;
    }

    /** The invocation's business metrics, flushed (one document per tenant) when the invocation ends. */
    public BusinessMetrics metrics() {
        return metrics;
    }

    public Optional<String> sourceIp() {
        return sourceIp;
    }

    public Optional<AuthorizerClaims> claims() {
        return claims;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> body() {
        return body;
    }

    /**
     * The body's bytes exactly as the client sent them (base64-decoded when API Gateway flagged it), empty without a
     * body: what a signature over the body is checked against, not the text made of them.
     */
    public byte[] bodyBytes() {
        return bodyBytes.clone();
    }

    /** A path parameter API Gateway matched; a missing one is a template error, so it fails loudly. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** A path parameter that must be a UUID; anything else is answered 404 (an id that cannot exist). */
    public UUID pathId(String name, String what) {
        try {
            return UUID.fromString(pathParameter(name));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.NotFound(what);
        }
    }

    /**
     * A query parameter that takes one value. Given more than once ({@code ?status=a&status=b}) it is a 400 naming
     * the parameter: silently using the first value would answer a different question than the one asked.
     */
    public Optional<String> query(String name) {
        List<String> values = queryParameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw ApiProblem.InvalidInput.field(name, "was given more than once; give it once");
        }
        return values.isEmpty() || values.getFirst().isBlank() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * A query parameter that takes a list: repeating it ({@code ?status=a&status=b}) means the same as the comma list
     * ({@code ?status=a,b}). Blank items are dropped; at most {@link #MAX_LIST_ITEMS} items.
     */
    public List<String> queryList(String name) {
        List<String> items = queryParameters.getOrDefault(name, List.of()).stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip).filter(item -> !item.isEmpty()).toList();
        if (items.size() > MAX_LIST_ITEMS) {
            throw ApiProblem.InvalidInput.field(name, "takes at most " + MAX_LIST_ITEMS + " values");
        }
        return items;
    }

    /** The JSON body as {@code type}; malformed JSON, wrong types and unknown fields become a 400 per field. */
    public <T> T body(Class<T> type) {
        String json = body.orElseThrow(() -> new ApiProblem.InvalidInput("a JSON body is required"));
        header("Content-Type").ifPresent(contentType -> {
            String media = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json") && !media.endsWith("+json")) {
                throw new ApiProblem.UnsupportedMediaType("send the body as application/json");
            }
        });
        try {
            T value = Json.mapper().readValue(json, type);
            if (value == null) {
                throw new ApiProblem.InvalidInput("a JSON object is required");
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ApiProblem problem) {
                throw problem;
            }
            throw new ApiProblem.InvalidInput(List.of(new FieldError(path(e),
                    e.getCause() != null && e.getCause().getMessage() != null
                            ? e.getCause().getMessage() : "is invalid")));
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.InvalidInput.field(path(e), "is not a known field");
        } catch (InvalidFormatException e) {
            throw ApiProblem.InvalidInput.field(path(e), "must be " + describe(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw field.isEmpty()
                    ? new ApiProblem.InvalidInput("the body must be a JSON object")
                    : ApiProblem.InvalidInput.field(field, "must be " + describe(e.getTargetType()));
        } catch (JsonParseException e) {
            throw new ApiProblem.InvalidInput("the body is not valid JSON");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ApiProblem problem) {
                throw problem;
            }
            throw new ApiProblem.InvalidInput("the body does not have the expected shape");
        } catch (IOException e) {
            throw new ApiProblem.InvalidInput("the body could not be read");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == java.time.LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time with offset";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static byte[] decodeBody(APIGatewayProxyRequestEvent event, int maxBodyBytes) {
        String raw = event.getBody();
        if (raw == null || raw.isEmpty()) {
            return new byte[0];
        }
        String tooLarge = "the body is larger than " + megabytes(maxBodyBytes);
        // base64 is 4/3 of the bytes; more characters than that cannot decode to an allowed body
        if (raw.length() > maxBodyBytes / 3 * 4 + 4) {
            throw new ApiProblem.PayloadTooLarge(tooLarge);
        }
        byte[] decoded;
        try {
            decoded = Boolean.TRUE.equals(event.getIsBase64Encoded())
                    ? Base64.getDecoder().decode(raw)
                    : raw.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.InvalidInput("the body is marked base64 but is not");
        }
        if (decoded.length > maxBodyBytes) {
            throw new ApiProblem.PayloadTooLarge(tooLarge);
        }
        return decoded;
    }

    private static String megabytes(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static Map<String, List<String>> queryParameters(APIGatewayProxyRequestEvent event) {
        TreeMap<String, List<String>> all = new TreeMap<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((name, values) -> {
                if (name != null && values != null) {
                    all.put(name, List.copyOf(values.stream().filter(java.util.Objects::nonNull).toList()));
                }
            });
        }
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((name, value) -> {
                if (name != null && value != null) {
                    all.putIfAbsent(name, List.of(value));
                }
            });
        }
        return all;
    }
}
