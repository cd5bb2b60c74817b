package com.agentmitra.lambda;

import java.util.List;
import java.util.Map;

/**
 * An expected failure of a request, answered as RFC 9457 problem details ({@code application/problem+json}).
 * Services throw the subtypes; {@link Api} writes them. The detail is shown to the caller: it must help a person
 * act and must never carry a secret.
 */
public abstract sealed class ApiProblem extends RuntimeException {

    private final String type;
    private final String title;
    private final int status;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    protected ApiProblem(String type, String title, int status, String detail, List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.title = title;
        this.status = status;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400: the request is malformed or a field is invalid. */
    public static final class InvalidInput extends ApiProblem {
        public InvalidInput(List<FieldError> errors) {
            super("/problems/invalid-input", "Invalid input", 400,
                    errors.size() == 1 ? "1 field needs attention" : errors.size() + " fields need attention",
                    errors, Map.of());
        }

        public InvalidInput(String detail) {
            super("/problems/invalid-input", "Invalid input", 400, detail, List.of(), Map.of());
        }

        public static InvalidInput field(String field, String message) {
            return new InvalidInput(List.of(new FieldError(field, message)));
        }
    }

    /** 401: no valid credentials. */
    public static final class Unauthorized extends ApiProblem {
        public Unauthorized(String detail) {
            super("/problems/unauthorized", "Unauthorized", 401, detail, List.of(), Map.of());
        }
    }

    /** 403: the caller is known but may not do this. */
    public static final class Forbidden extends ApiProblem {
        public Forbidden(String detail) {
            super("/problems/forbidden", "Forbidden", 403, detail, List.of(), Map.of());
        }
    }

    /** 404: no such resource, or not one the caller may see (the two are never told apart). */
    public static final class NotFound extends ApiProblem {
        public NotFound(String what) {
            super("/problems/not-found", "Not found", 404, what + " was not found", List.of(), Map.of());
        }
    }

    /** 405: the route exists, the method does not. */
    public static final class MethodNotAllowed extends ApiProblem {
        public MethodNotAllowed(String method) {
            super("/problems/method-not-allowed", "Method not allowed", 405, method + " is not allowed here",
                    List.of(), Map.of());
        }
    }

    /** 409: the request conflicts with the current state (a duplicate, a forbidden transition). */
    public static final class Conflict extends ApiProblem {
        public Conflict(String detail) {
            super("/problems/conflict", "Conflict", 409, detail, List.of(), Map.of());
        }
    }

    /** 412: an {@code If-Match} precondition failed: the resource changed since the caller read it. */
    public static final class PreconditionFailed extends ApiProblem {
        public PreconditionFailed(String detail) {
            super("/problems/precondition-failed", "Precondition failed", 412, detail, List.of(), Map.of());
        }
    }

    /** 413: the body is larger than this route accepts. */
    public static final class PayloadTooLarge extends ApiProblem {
        public PayloadTooLarge(String detail) {
            super("/problems/payload-too-large", "Payload too large", 413, detail, List.of(), Map.of());
        }
    }

    /** 415: the body is not JSON. */
    public static final class UnsupportedMediaType extends ApiProblem {
        public UnsupportedMediaType(String detail) {
            super("/problems/unsupported-media-type", "Unsupported media type", 415, detail, List.of(), Map.of());
        }
    }

    /** 429: a rate limit was reached; {@code Retry-After} says when to try again. */
    public static final class TooManyRequests extends ApiProblem {
        public TooManyRequests(String detail, long retryAfterSeconds) {
            super("/problems/too-many-requests", "Too many requests", 429, detail, List.of(),
                    Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
        }
    }

    /** 503: a dependency (the database) is unreachable; the caller may retry. */
    public static final class ServiceUnavailable extends ApiProblem {
        public ServiceUnavailable(String detail) {
            super("/problems/service-unavailable", "Service unavailable", 503, detail, List.of(),
                    Map.of("Retry-After", "5"));
        }
    }

    /** Any status with a problem of its own (kept for routes with unusual answers). */
    public static final class Other extends ApiProblem {
        public Other(String type, String title, int status, String detail) {
            super(type, title, status, detail, List.of(), Map.of());
        }

        public Other(String type, String title, int status, String detail, Map<String, String> headers) {
            super(type, title, status, detail, List.of(), headers);
        }
    }
}
