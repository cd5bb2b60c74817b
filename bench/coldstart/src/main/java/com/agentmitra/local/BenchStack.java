package com.agentmitra.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack as the cold-start benchmark needs it, from outside {@code local}: the template's functions (handler,
 * zip, environment exactly as {@code local/run} computes it, pointed at the local database and emulators this starts
 * or joins) and the application login for the floor handler. In this package because {@link LocalServices},
 * {@link LocalValues} and {@link SamTemplate} are package-private.
 */
public final class BenchStack implements AutoCloseable {

    /** One function of {@code template.yaml}: its zip ({@code CodeUri}) and its local environment. */
    public record Function(String logicalId, String handler, String codeUri, Map<String, String> environment) {}

    private final LocalServices services;
    private final LocalValues values;
    private final Path repository;

    private BenchStack(LocalServices services, LocalValues values, Path repository) {
        this.services = services;
        this.values = values;
        this.repository = repository;
    }

    /** The template's functions, without starting anything (to check the zips before the stack starts). */
    public static List<Function> functionsOf(Path repository) {
        SamTemplate template = SamTemplate.read(repository.resolve("template.yaml"));
        return template.functions().stream()
                .map(function -> new Function(function.logicalId(), function.handler(),
                        String.valueOf(template.resourceProperties(function.logicalId()).get("CodeUri")), Map.of()))
                .toList();
    }

    /**
     * Starts PostgreSQL, SQS, S3 and the WhatsApp sandbox afresh in {@code data} (migrated from empty, so migrations
     * added since the last run apply), or joins a running {@code local/run}'s.
     */
    public static BenchStack start(Path repository, Path data) {
        LocalServices services = LocalServices.start(repository, data,
                !LocalServices.listening(LocalServices.POSTGRES_PORT));
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + LocalServices.POSTGRES_PORT + "/postgres";
        LocalValues values = new LocalValues(services.template(), services.queueUrls(),
                Map.of("DB_URL", jdbcUrl, "DB_USER", LocalServices.APP_USER, "DB_PASSWORD", LocalServices.APP_PASSWORD,
                        "DB_SSL_MODE", "disable"),
                Map.of("DB_URL", jdbcUrl, "DB_USER", "postgres", "DB_PASSWORD", "postgres", "DB_SSL_MODE", "disable"),
                services.awsEnvironment(), data);
        return new BenchStack(services, values, repository);
    }

    /**
     * Signs in as the demo agent the way a client does, in this JVM (untimed): {@code AuthFunction} answers the login
     * event with an access token, {@code AuthorizerFunction} answers the authorizer event carrying it with the
     * context API Gateway passes on. Answers the token and that context (with {@code principalId}), for the
     * benchmark's API events: without them each API function's first answer would be a 401 that never reaches the
     * database.
     */
    public SignedIn signIn(String loginEvent, String authorizerEvent) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            com.fasterxml.jackson.databind.JsonNode login = mapper.readTree(services.function("AuthFunction").invoke(loginEvent));
            String token = mapper.readTree(login.path("body").asText()).path("accessToken").asText();
            if (token.isEmpty()) {
                throw new IllegalStateException("the demo agent's login answered " + login.path("statusCode") + ", no token");
            }
            String authorize = authorizerEvent.replace("<access token>", token);
            com.fasterxml.jackson.databind.JsonNode policy = mapper.readTree(
                    services.function("AuthorizerFunction").invoke(authorize));
            Map<String, Object> context = new LinkedHashMap<>(mapper.convertValue(policy.path("context"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
            context.put("principalId", policy.path("principalId").asText());
            return new SignedIn(token, context);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An access token (never printed) and the authorizer's context for it. */
    public record SignedIn(String accessToken, Map<String, Object> context) {}

    /** What was started or joined, as {@code local/run} prints it. */
    public Map<String, String> report() {
        return services.report().lines();
    }

    /**
     * Every function of the template with the environment {@code local/run} would give it, every endpoint pointed at
     * {@code host:port}s given here instead of the local stack (nothing is started): the database ({@code DB_URL}),
     * SQS (also every queue URL), S3, every other AWS service ({@code AWS_ENDPOINT_URL}) and the WhatsApp Graph API.
     * For tests that record any connection a function opens.
     */
    public static List<Function> functionsAt(Path repository, Path data, int database, int sqs, int s3, int otherAws,
            int whatsapp) {
        SamTemplate template = SamTemplate.read(repository.resolve("template.yaml"));
        Map<String, String> queueUrls = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> {
            if ("AWS::SQS::Queue".equals(resource.get("Type"))) {
                queueUrls.put(id, "http://127.0.0.1:" + sqs + "/" + LocalValues.ACCOUNT + "/"
                        + LocalValues.queueName(template, id));
            }
        });
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + database + "/postgres";
        Map<String, String> aws = new LinkedHashMap<>(Map.of(
                "AWS_REGION", LocalValues.REGION,
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + otherAws,
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + sqs,
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3));
        LocalValues values = new LocalValues(template, queueUrls,
                Map.of("DB_URL", jdbcUrl, "DB_USER", LocalServices.APP_USER, "DB_PASSWORD", LocalServices.APP_PASSWORD,
                        "DB_SSL_MODE", "disable"),
                Map.of("DB_URL", jdbcUrl, "DB_USER", "postgres", "DB_PASSWORD", "postgres", "DB_SSL_MODE", "disable"),
                aws, data, LocalValues.PORTAL_DEV_ORIGIN,
                Map.of("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + whatsapp));
        return template.functions().stream()
                .map(function -> new Function(function.logicalId(), function.handler(),
                        String.valueOf(template.resourceProperties(function.logicalId()).get("CodeUri")),
                        new LinkedHashMap<>(values.environmentFor(function))))
                .toList();
    }

    /** Every function of the template with the environment {@code local/run} gives it. */
    public List<Function> functions() {
        SamTemplate template = services.template();
        return template.functions().stream()
                .map(function -> new Function(function.logicalId(), function.handler(),
                        String.valueOf(template.resourceProperties(function.logicalId()).get("CodeUri")),
                        new LinkedHashMap<>(values.environmentFor(function))))
                .toList();
    }

    /** The floor handler's database: the functions' own login (not the owner), on the local database. */
    public Map<String, String> floorDatabase() {
        return Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:" + LocalServices.POSTGRES_PORT + "/postgres?sslmode=disable",
                "DB_USER", LocalServices.APP_USER, "DB_PASSWORD", LocalServices.APP_PASSWORD);
    }

    public Path repository() {
        return repository;
    }

    @Override
    public void close() {
        services.close();
    }
}
