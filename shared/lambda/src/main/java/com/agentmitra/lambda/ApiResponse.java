package com.agentmitra.lambda;

import java.util.Map;
import java.util.Optional;

/** What a route answers: a status and an optional JSON body (written with {@link Json}). */
public record ApiResponse(int status, Optional<Object> body, Map<String, String> headers) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, Optional.of(body), Map.of());
    }

    /** 201 with the created resource. */
    public static ApiResponse created(Object body) {
        return new ApiResponse(201, Optional.of(body), Map.of());
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, Optional.of(body), Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Optional.empty(), Map.of());
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, Optional.ofNullable(body), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, all);
    }
}
